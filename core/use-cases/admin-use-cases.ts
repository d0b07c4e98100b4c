import type { Centers } from '../ports/centers';
import type { Clock } from '../ports/clock';
import type { Doctors } from '../ports/doctors';
import type { LoginThrottle } from '../ports/login-throttle';
import type { PasswordHasher } from '../ports/password-hasher';
import type { Patients } from '../ports/patients';
import type { RevokedTokens } from '../ports/revoked-tokens';
import type { TokenIssuer } from '../ports/tokens';
import type { UnitOfWork } from '../ports/unit-of-work';
import type { Users } from '../ports/users';
import { AdminWrites } from './admin-writes';
import { BulkCreate } from './bulk-create';
import { ChangeOwnPassword } from './change-own-password';
import { CreateCenter } from './create-center';
import { CreateDoctor } from './create-doctor';
import { CreatePatient } from './create-patient';
import { CreateUser } from './create-user';
import { DeactivateCenter } from './deactivate-center';
import { DeactivateDoctor } from './deactivate-doctor';
import { DeactivatePatient } from './deactivate-patient';
import { DescribeSession } from './describe-session';
import { LogIn } from './log-in';
import { LogOut } from './log-out';
import { LookUpDirectory } from './look-up-directory';
import { ReadPatient } from './read-patient';
import { ResetPassword } from './reset-password';
import { SetUserActive } from './set-user-active';
import { UpdateCenter } from './update-center';
import { UpdateDoctor } from './update-doctor';
import { UpdatePatient } from './update-patient';

/** What the admin service's use cases are built from: its own storage, the password hasher, tokens, revoked tokens, the login throttle and the clock. */
export interface AdminPorts {
  users: Users;
  doctors: Doctors;
  patients: Patients;
  centers: Centers;
  uow: UnitOfWork;
  hasher: PasswordHasher;
  tokens: TokenIssuer;
  throttle: LoginThrottle;
  revokedTokens: RevokedTokens;
  clock: Clock;
}

/**
 * What the use cases are given: the ports, and `writes`, the one way they
 * write (admin-writes.ts). A use case that writes takes `writes` and not
 * `uow`, so none can commit without its actor being read again.
 */
export interface AdminDeps extends AdminPorts {
  writes: AdminWrites;
}

/**
 * Every admin use case wired to one set of ports: the container passes the
 * SQLite adapters, the unit tests the in-memory fakes, so both wire alike.
 */
export function adminUseCases(ports: AdminPorts) {
  const p: AdminDeps = { ...ports, writes: new AdminWrites(ports) };
  return {
    logIn: new LogIn(p),
    session: new DescribeSession(p),
    logOut: new LogOut(p),
    changePassword: new ChangeOwnPassword(p),
    resetPassword: new ResetPassword(p),
    createUser: new CreateUser(p),
    setUserActive: new SetUserActive(p),
    createDoctor: new CreateDoctor(p),
    createPatient: new CreatePatient(p),
    createCenter: new CreateCenter(p),
    updateDoctor: new UpdateDoctor(p),
    updatePatient: new UpdatePatient(p),
    updateCenter: new UpdateCenter(p),
    deactivateDoctor: new DeactivateDoctor(p),
    deactivatePatient: new DeactivatePatient(p),
    deactivateCenter: new DeactivateCenter(p),
    readPatient: new ReadPatient(p),
    lookUpDirectory: new LookUpDirectory(p),
    // Takes no ports: it only drives the single create it is given.
    bulkCreate: new BulkCreate(),
  };
}

export type AdminUseCases = ReturnType<typeof adminUseCases>;
