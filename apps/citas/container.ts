import { Container, type ContainerModule } from 'inversify';
import { citasPolicyOf } from '../../core/domain/citas-policy';
import { parseJornada } from '../../core/domain/schedule';
import type { Clock } from '../../core/ports/clock';
import { agendaUseCases } from '../../core/use-cases/agenda-use-cases';
import { citasUseCases, type CitasPorts } from '../../core/use-cases/citas-use-cases';
import { SystemClock } from '../../adapters/clock/system-clock';
import { createLogger } from '../../adapters/http/logger';
import type { CitasConfig } from './config';
import { http } from './modules/http';
import { metrics } from './modules/metrics';
import { notify } from './modules/notify';
import { remoteAdmin } from './modules/remote-admin';
import { security } from './modules/security';
import { sqliteStorage } from './modules/sqlite-storage';
import { T } from './tokens';

export { type BackgroundWorker, T } from './tokens';

/** Replacements; production passes none. */
export interface ContainerOverrides {
  /** A fixed clock, for tests. */
  clock?: Clock;
  /** A storage module in place of the configured one (it binds T.storage and every repository token). */
  storage?: ContainerModule;
}

/**
 * The citas composition root: one module per adapter family binds the ports
 * (core classes carry no decorators), and the use cases are built from the
 * resolved ports with the same factories the test worlds use. Nothing is
 * opened until the first `get`, and nothing happens at import time.
 */
export function buildContainer(config: CitasConfig, overrides: ContainerOverrides = {}): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind(T.config).toConstantValue(config);
  c.bind(T.logger).toResolvedValue(() => createLogger('citas', config.logLevel));
  c.bind(T.clock).toConstantValue(overrides.clock ?? new SystemClock());
  c.bind(T.policy).toConstantValue(
    citasPolicyOf({
      timeZone: config.clinicTimeZone,
      maxFutureCitas: config.maxCitasFuturas,
      reservaSecretaria: config.reservaSecretaria,
      reminderLeadMinutes: config.reminderHoursBefore * 60,
      jornada: parseJornada(config.jornada),
    }),
  );
  const storage = overrides.storage ?? (config.postgres ? postgresStorageModule().postgresStorage(config.postgres) : sqliteStorage(config));
  c.load(storage, remoteAdmin(config), security(config), notify(config), metrics(), http(config));

  const ports = (): CitasPorts => ({
    appointments: c.get(T.appointments),
    history: c.get(T.history),
    outbox: c.get(T.outbox),
    schedules: c.get(T.schedules),
    absences: c.get(T.absences),
    directory: c.get(T.directory),
    uow: c.get(T.unitOfWork),
    clock: c.get(T.clock),
    idempotencyKeys: c.get(T.idempotencyKeys),
  });
  c.bind(T.citasUseCases).toResolvedValue(() => citasUseCases(ports(), c.get(T.policy)));
  c.bind(T.agendaUseCases).toResolvedValue(() => agendaUseCases(ports(), c.get(T.policy)));
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
