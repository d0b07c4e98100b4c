import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { pgCitasMigrations } from '../../../adapters/postgres/citas-migrations';
import { MIGRATION_LOCK } from '../../../adapters/postgres/migrate';
import { openPostgres } from '../../../adapters/postgres/open-postgres';
import { PgAbsences } from '../../../adapters/postgres/pg-absences';
import { PgAppointments } from '../../../adapters/postgres/pg-appointments';
import type { PgDatabase } from '../../../adapters/postgres/pg-database';
import { PgHistory } from '../../../adapters/postgres/pg-history';
import { PgIdempotencyKeys } from '../../../adapters/postgres/pg-idempotency-keys';
import { PgOutbox } from '../../../adapters/postgres/pg-outbox';
import { PgSchedules } from '../../../adapters/postgres/pg-schedules';
import type { Clock } from '../../../core/ports/clock';
import type { CitasConfig } from '../config';
import { T } from '../tokens';

/** The pool every repository shares; private to this module. */
const DB = Symbol('PgDatabase') as ServiceIdentifier<PgDatabase>;

/**
 * Storage in PostgreSQL (CITAS_DATABASE_URL), binding the tokens
 * sqlite-storage.ts binds. Opening is asynchronous (connect, then migrate
 * under the citas advisory lock): main.ts awaits `getAsync(T.storage)` before
 * anything else, after which every binding resolves synchronously, as in
 * apps/admin/modules/postgres-storage.ts. The database itself is the unit of
 * work (PgDatabase.run).
 */
export function postgresStorage(postgres: NonNullable<CitasConfig['postgres']>): ContainerModule {
  const target = {
    service: 'citas',
    variable: 'CITAS_DATABASE_URL',
    url: postgres.url,
    maxConnections: postgres.maxConnections,
    lockKey: MIGRATION_LOCK.citas,
    migrations: pgCitasMigrations,
  };
  return new ContainerModule(({ bind }) => {
    bind(DB).toResolvedValue(() => openPostgres(target));
    bind(T.storage).toResolvedValue(
      (db: PgDatabase) => ({ name: 'database', ping: () => db.ping(), close: () => db.close() }),
      [DB],
    );
    bind(T.unitOfWork).toResolvedValue((db: PgDatabase) => db, [DB]);
    bind(T.appointments).toResolvedValue((db: PgDatabase) => new PgAppointments(db), [DB]);
    bind(T.history).toResolvedValue((db: PgDatabase) => new PgHistory(db), [DB]);
    bind(T.outbox).toResolvedValue((db: PgDatabase) => new PgOutbox(db), [DB]);
    bind(T.schedules).toResolvedValue((db: PgDatabase, clock: Clock) => new PgSchedules(db, clock), [DB, T.clock]);
    bind(T.absences).toResolvedValue((db: PgDatabase, clock: Clock) => new PgAbsences(db, clock), [DB, T.clock]);
    bind(T.idempotencyKeys).toResolvedValue((db: PgDatabase) => new PgIdempotencyKeys(db), [DB]);
  });
}
