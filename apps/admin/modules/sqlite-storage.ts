import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { adminMigrations } from '../../../adapters/sqlite/admin-migrations';
import { closeDatabase, type Db, openDatabase, pingDatabase, SqliteUnitOfWork } from '../../../adapters/sqlite/open-database';
import { SqliteCenters } from '../../../adapters/sqlite/sqlite-centers';
import { SqliteDoctors } from '../../../adapters/sqlite/sqlite-doctors';
import { SqlitePatients } from '../../../adapters/sqlite/sqlite-patients';
import { SqliteRevokedTokens } from '../../../adapters/sqlite/sqlite-revoked-tokens';
import { SqliteUsers } from '../../../adapters/sqlite/sqlite-users';
import type { Clock } from '../../../core/ports/clock';
import { MemoryLoginThrottle } from '../../../adapters/security/login-throttle';
import type { AdminConfig } from '../config';
import { T } from '../tokens';

/** The one connection every repository shares; private to this module. */
const DB = Symbol('SqliteDb') as ServiceIdentifier<Db>;

/**
 * Storage in one SQLite file (DATA_DIR/admin.db). The file is opened (and
 * migrated) on the first `get` of any repository, not when the module loads.
 * Login throttling lives in this process's memory: one process per file.
 */
export function sqliteStorage(config: AdminConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(DB).toResolvedValue(() => openDatabase(config.dbFile, adminMigrations));
    bind(T.storage).toResolvedValue((db: Db) => ({ name: 'database', ping: () => pingDatabase(db), close: () => closeDatabase(db) }), [DB]);
    bind(T.unitOfWork).toResolvedValue((db: Db) => new SqliteUnitOfWork(db), [DB]);
    bind(T.users).toResolvedValue((db: Db) => new SqliteUsers(db), [DB]);
    bind(T.doctors).toResolvedValue((db: Db) => new SqliteDoctors(db), [DB]);
    bind(T.patients).toResolvedValue((db: Db) => new SqlitePatients(db), [DB]);
    bind(T.centers).toResolvedValue((db: Db) => new SqliteCenters(db), [DB]);
    bind(T.revokedTokens).toResolvedValue((db: Db) => new SqliteRevokedTokens(db), [DB]);
    bind(T.loginThrottle).toResolvedValue((clock: Clock) => new MemoryLoginThrottle(config.throttle, clock), [T.clock]);
  });
}
