import type { Centers } from '../../../core/ports/centers';
import type { Doctors } from '../../../core/ports/doctors';
import type { Patients } from '../../../core/ports/patients';
import type { Users } from '../../../core/ports/users';
import type { BulkCreate } from '../../../core/use-cases/bulk-create';
import type { CreateCenter } from '../../../core/use-cases/create-center';
import type { CreateDoctor } from '../../../core/use-cases/create-doctor';
import type { CreatePatient } from '../../../core/use-cases/create-patient';
import type { CreateUser } from '../../../core/use-cases/create-user';
import type { DeactivateCenter } from '../../../core/use-cases/deactivate-center';
import type { DeactivateDoctor } from '../../../core/use-cases/deactivate-doctor';
import type { DeactivatePatient } from '../../../core/use-cases/deactivate-patient';
import type { DescribeSession } from '../../../core/use-cases/describe-session';
import type { LogIn } from '../../../core/use-cases/log-in';
import type { LookUpDirectory } from '../../../core/use-cases/look-up-directory';
import type { ReadPatient } from '../../../core/use-cases/read-patient';
import type { SetUserActive } from '../../../core/use-cases/set-user-active';
import type { UpdateCenter } from '../../../core/use-cases/update-center';
import type { UpdateDoctor } from '../../../core/use-cases/update-doctor';
import type { UpdatePatient } from '../../../core/use-cases/update-patient';
import type { PublicJwk } from '../../security/key-ring';

/** Everything the admin routes call: use cases for rules, repositories for plain reads. */
export interface AdminHttpDeps {
  users: Users;
  doctors: Doctors;
  patients: Patients;
  centers: Centers;
  logIn: LogIn;
  session: DescribeSession;
  createUser: CreateUser;
  setUserActive: SetUserActive;
  createDoctor: CreateDoctor;
  createPatient: CreatePatient;
  createCenter: CreateCenter;
  updateDoctor: UpdateDoctor;
  updatePatient: UpdatePatient;
  updateCenter: UpdateCenter;
  deactivateDoctor: DeactivateDoctor;
  deactivatePatient: DeactivatePatient;
  deactivateCenter: DeactivateCenter;
  readPatient: ReadPatient;
  lookUpDirectory: LookUpDirectory;
  bulkCreate: BulkCreate;
  jwks: () => { keys: PublicJwk[] };
}
