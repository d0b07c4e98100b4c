import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { agendaMigrations } from '../../../adapters/sqlite/agenda-migrations';
import { citasMigrations } from '../../../adapters/sqlite/citas-migrations';
import { closeDatabase, type Db, openDatabase, pingDatabase, SqliteUnitOfWork } from '../../../adapters/sqlite/open-database';
import { SqliteAbsences } from '../../../adapters/sqlite/sqlite-absences';
import { SqliteAppointments } from '../../../adapters/sqlite/sqlite-appointments';
import { SqliteHistory } from '../../../adapters/sqlite/sqlite-history';
import { SqliteIdempotencyKeys } from '../../../adapters/sqlite/sqlite-idempotency-keys';
import { SqliteOutbox } from '../../../adapters/sqlite/sqlite-outbox';
import { SqliteSchedules } from '../../../adapters/sqlite/sqlite-schedules';
import type { Clock } from '../../../core/ports/clock';
import type { CitasConfig } from '../config';
import { T } from '../tokens';

/** The migrations of citas.db, in one list: what the service applies at start is what a restore accepts (apps/citas/backup.ts). */
export const citasSqliteMigrations = [...citasMigrations, ...agendaMigrations];

/** The one connection every repository shares; private to this module. */
const DB = Symbol('SqliteDb') as ServiceIdentifier<Db>;

/**
 * Storage in one SQLite file (DATA_DIR/citas.db). The file is opened (and
 * migrated) on the first `get` of any repository, not when the module loads.
 */
export function sqliteStorage(config: CitasConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(DB).toResolvedValue(() => openDatabase(config.databaseFile, citasSqliteMigrations));
    bind(T.storage).toResolvedValue((db: Db) => ({ name: 'database', ping: () => pingDatabase(db), close: () => closeDatabase(db) }), [DB]);
    bind(T.unitOfWork).toResolvedValue((db: Db) => new SqliteUnitOfWork(db), [DB]);
    bind(T.appointments).toResolvedValue((db: Db) => new SqliteAppointments(db), [DB]);
    bind(T.history).toResolvedValue((db: Db) => new SqliteHistory(db), [DB]);
    bind(T.outbox).toResolvedValue((db: Db) => new SqliteOutbox(db), [DB]);
    bind(T.schedules).toResolvedValue((db: Db, clock: Clock) => new SqliteSchedules(db, clock), [DB, T.clock]);
    bind(T.absences).toResolvedValue((db: Db, clock: Clock) => new SqliteAbsences(db, clock), [DB, T.clock]);
    bind(T.idempotencyKeys).toResolvedValue((db: Db) => new SqliteIdempotencyKeys(db), [DB]);
  });
}
