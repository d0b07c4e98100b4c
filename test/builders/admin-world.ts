import { adminUseCases } from '../../core/use-cases/admin-use-cases';
import { FakeLoginThrottle } from '../fakes/fake-login-throttle';
import { FakePasswordHasher } from '../fakes/fake-password-hasher';
import { FakeTokenIssuer } from '../fakes/fake-token-issuer';
import { FixedClock } from '../fakes/fixed-clock';
import { InMemoryCenters } from '../fakes/in-memory-centers';
import { InMemoryDoctors } from '../fakes/in-memory-doctors';
import { InMemoryPatients } from '../fakes/in-memory-patients';
import { InMemoryRevokedTokens } from '../fakes/in-memory-revoked-tokens';
import { InMemoryUnitOfWork } from '../fakes/in-memory-unit-of-work';
import { InMemoryUsers } from '../fakes/in-memory-users';
import { anAdmin } from './principals';

/**
 * The admin use cases wired to in-memory fakes, as the container wires them
 * to SQLite. Its one account is anAdmin()'s (user 1): every write reads its
 * actor's account again (core/use-cases/admin-writes.ts), so the admin the
 * tests act as exists, active, as in the service.
 */
export function anAdminWorld() {
  const acting = anAdmin();
  const users = new InMemoryUsers().withUser({ username: acting.username, rol: acting.rol, passwordHash: 'v2:Admin2026segura', activo: true });
  const doctors = new InMemoryDoctors();
  const patients = new InMemoryPatients();
  const centers = new InMemoryCenters();
  const uow = new InMemoryUnitOfWork([users, doctors, patients, centers]);
  const hasher = new FakePasswordHasher();
  const tokens = new FakeTokenIssuer();
  const throttle = new FakeLoginThrottle(3);
  const revokedTokens = new InMemoryRevokedTokens();
  const clock = new FixedClock();
  return {
    users,
    doctors,
    patients,
    centers,
    uow,
    hasher,
    tokens,
    throttle,
    revokedTokens,
    clock,
    ...adminUseCases({ users, doctors, patients, centers, uow, hasher, tokens, throttle, revokedTokens, clock }),
  };
}
