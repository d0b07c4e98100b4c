import { Container } from 'inversify';
import type { Clock } from '../../core/ports/clock';
import { adminUseCases } from '../../core/use-cases/admin-use-cases';
import { SystemClock } from '../../adapters/clock/system-clock';
import { createLogger } from '../../adapters/http/logger';
import type { AdminConfig } from './config';
import { http } from './modules/http';
import { metrics } from './modules/metrics';
import { security } from './modules/security';
import { sqliteStorage } from './modules/sqlite-storage';
import { T } from './tokens';

export { T } from './tokens';

/** Replacements for tests (a fixed clock); production passes none. */
export interface ContainerOverrides {
  clock?: Clock;
}

/**
 * The admin composition root: one module per adapter family binds the ports
 * (core classes carry no decorators), and the use cases are built from the
 * resolved ports with the same factory the unit tests use. Nothing is opened
 * until the first `get` (PostgreSQL's storage: the first `getAsync`), and
 * nothing happens at import time.
 */
export function buildContainer(config: AdminConfig, overrides: ContainerOverrides = {}): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind(T.config).toConstantValue(config);
  c.bind(T.logger).toResolvedValue(() => createLogger('admin', config.logLevel));
  c.bind(T.clock).toConstantValue(overrides.clock ?? new SystemClock());
  // ADMIN_DATABASE_URL set: PostgreSQL (shared by several processes); otherwise the embedded SQLite file.
  c.load(config.postgres ? postgresStorageModule().postgresStorage(config, config.postgres) : sqliteStorage(config), security(config), metrics(), http(config));
  c.bind(T.useCases).toResolvedValue(() =>
    adminUseCases({
      users: c.get(T.users),
      doctors: c.get(T.doctors),
      patients: c.get(T.patients),
      centers: c.get(T.centers),
      uow: c.get(T.unitOfWork),
      hasher: c.get(T.hasher),
      tokens: c.get(T.tokenIssuer),
      throttle: c.get(T.loginThrottle),
      revokedTokens: c.get(T.revokedTokens),
      clock: c.get(T.clock),
    }),
  );
  return c;
}

/**
 * PostgreSQL's storage module, loaded only by a service configured for it:
 * with it come the pg driver and its adapters, about 50 ms of every start on
 * SQLite, the default, for code that start never runs.
 */
function postgresStorageModule(): typeof import('./modules/postgres-storage') {
  return require('./modules/postgres-storage') as typeof import('./modules/postgres-storage');
}
