import { BulkCreate } from '../../core/use-cases/bulk-create';
import { CreateCenter } from '../../core/use-cases/create-center';
import { CreateDoctor } from '../../core/use-cases/create-doctor';
import { CreatePatient } from '../../core/use-cases/create-patient';
import { CreateUser } from '../../core/use-cases/create-user';
import { DeactivateCenter } from '../../core/use-cases/deactivate-center';
import { DeactivateDoctor } from '../../core/use-cases/deactivate-doctor';
import { DeactivatePatient } from '../../core/use-cases/deactivate-patient';
import { DescribeSession } from '../../core/use-cases/describe-session';
import { LogIn } from '../../core/use-cases/log-in';
import { ReadPatient } from '../../core/use-cases/read-patient';
import { SetUserActive } from '../../core/use-cases/set-user-active';
import { UpdateCenter } from '../../core/use-cases/update-center';
import { UpdateDoctor } from '../../core/use-cases/update-doctor';
import { UpdatePatient } from '../../core/use-cases/update-patient';
import { FakeLoginThrottle } from '../fakes/fake-login-throttle';
import { FakePasswordHasher } from '../fakes/fake-password-hasher';
import { FakeTokenIssuer } from '../fakes/fake-token-issuer';
import { InMemoryCenters } from '../fakes/in-memory-centers';
import { InMemoryDoctors } from '../fakes/in-memory-doctors';
import { InMemoryPatients } from '../fakes/in-memory-patients';
import { InMemoryUnitOfWork } from '../fakes/in-memory-unit-of-work';
import { InMemoryUsers } from '../fakes/in-memory-users';

/** The admin use cases wired to in-memory fakes, as the container wires them to SQLite. */
export function anAdminWorld() {
  const users = new InMemoryUsers();
  const doctors = new InMemoryDoctors();
  const patients = new InMemoryPatients();
  const centers = new InMemoryCenters();
  const uow = new InMemoryUnitOfWork([users, doctors, patients, centers]);
  const hasher = new FakePasswordHasher();
  const tokens = new FakeTokenIssuer();
  const throttle = new FakeLoginThrottle(3);
  return {
    users,
    doctors,
    patients,
    centers,
    uow,
    hasher,
    tokens,
    throttle,
    logIn: new LogIn(users, doctors, patients, hasher, tokens, throttle),
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
    bulkCreate: new BulkCreate(),
  };
}
