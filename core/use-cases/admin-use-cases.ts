import type { Centers } from '../ports/centers';
import type { Doctors } from '../ports/doctors';
import type { LoginThrottle } from '../ports/login-throttle';
import type { PasswordHasher } from '../ports/password-hasher';
import type { Patients } from '../ports/patients';
import type { TokenIssuer } from '../ports/tokens';
import type { UnitOfWork } from '../ports/unit-of-work';
import type { Users } from '../ports/users';
import { BulkCreate } from './bulk-create';
import { CreateCenter } from './create-center';
import { CreateDoctor } from './create-doctor';
import { CreatePatient } from './create-patient';
import { CreateUser } from './create-user';
import { DeactivateCenter } from './deactivate-center';
import { DeactivateDoctor } from './deactivate-doctor';
import { DeactivatePatient } from './deactivate-patient';
import { DescribeSession } from './describe-session';
import { LogIn } from './log-in';
import { LookUpDirectory } from './look-up-directory';
import { ReadPatient } from './read-patient';
import { SetUserActive } from './set-user-active';
import { UpdateCenter } from './update-center';
import { UpdateDoctor } from './update-doctor';
import { UpdatePatient } from './update-patient';

export interface AdminPorts {
  users: Users;
  doctors: Doctors;
  patients: Patients;
  centers: Centers;
  uow: UnitOfWork;
  hasher: PasswordHasher;
  tokens: TokenIssuer;
  throttle: LoginThrottle;
}

/**
 * Every admin use case wired to one set of ports: the container passes the
 * SQLite adapters, the unit tests the in-memory fakes, so both wire alike.
 */
export function adminUseCases(p: AdminPorts) {
  const { users, doctors, patients, centers, uow, hasher } = p;
  return {
    logIn: new LogIn(users, doctors, patients, hasher, p.tokens, p.throttle),
    session: new DescribeSession(users, doctors, patients),
    createUser: new CreateUser(users, hasher),
    setUserActive: new SetUserActive(users),
    createDoctor: new CreateDoctor(users, doctors, hasher, uow),
    createPatient: new CreatePatient(users, patients, hasher, uow),
    createCenter: new CreateCenter(centers),
    updateDoctor: new UpdateDoctor(doctors, users, uow),
    updatePatient: new UpdatePatient(patients, users, uow),
    updateCenter: new UpdateCenter(centers),
    deactivateDoctor: new DeactivateDoctor(doctors, users, uow),
    deactivatePatient: new DeactivatePatient(patients, users, uow),
    deactivateCenter: new DeactivateCenter(centers),
    readPatient: new ReadPatient(patients),
    lookUpDirectory: new LookUpDirectory({ doctors, centers, patients }),
    bulkCreate: new BulkCreate(),
  };
}

export type AdminUseCases = ReturnType<typeof adminUseCases>;
