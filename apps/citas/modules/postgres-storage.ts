import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { pgCitasMigrations } from '../../../adapters/postgres/citas-migrations';
import { MIGRATION_LOCK } from '../../../adapters/postgres/migrate';
import { preparePostgres } from '../../../adapters/postgres/open-postgres';
import { PgAbsences } from '../../../adapters/postgres/pg-absences';
import { PgAppointments } from '../../../adapters/postgres/pg-appointments';
import { PgDatabase } from '../../../adapters/postgres/pg-database';
import { PgHistory } from '../../../adapters/postgres/pg-history';
import { PgOutbox } from '../../../adapters/postgres/pg-outbox';
import { PgSchedules } from '../../../adapters/postgres/pg-schedules';
import type { Clock } from '../../../core/ports/clock';
import type { CitasConfig } from '../config';
import { T } from '../tokens';

/** The pool every repository shares; private to this module. */
const DB = Symbol('PgDatabase') as ServiceIdentifier<PgDatabase>;

/**
 * Storage in PostgreSQL (CITAS_DATABASE_URL), binding the tokens
 * sqlite-storage.ts binds. The pool is made on the first `get` and connects
 * lazily; connecting and migrating is asynchronous, so it is the storage
 * resource's `open`, which main.ts awaits before listening. The database
 * itself is the unit of work (PgDatabase.run).
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
    bind(DB).toResolvedValue(() => new PgDatabase({ url: postgres.url, maxConnections: postgres.maxConnections }));
    bind(T.storage).toResolvedValue(
      (db: PgDatabase) => ({ name: 'database', open: () => preparePostgres(db, target), ping: () => db.ping(), close: () => db.close() }),
      [DB],
    );
    bind(T.unitOfWork).toResolvedValue((db: PgDatabase) => db, [DB]);
    bind(T.appointments).toResolvedValue((db: PgDatabase) => new PgAppointments(db), [DB]);
    bind(T.history).toResolvedValue((db: PgDatabase) => new PgHistory(db), [DB]);
    bind(T.outbox).toResolvedValue((db: PgDatabase) => new PgOutbox(db), [DB]);
    bind(T.schedules).toResolvedValue((db: PgDatabase, clock: Clock) => new PgSchedules(db, clock), [DB, T.clock]);
    bind(T.absences).toResolvedValue((db: PgDatabase, clock: Clock) => new PgAbsences(db, clock), [DB, T.clock]);
  });
}
