import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { adminPgMigrations } from '../../../adapters/postgres/admin-migrations';
import { MIGRATION_LOCK } from '../../../adapters/postgres/migrate';
import { openPostgres } from '../../../adapters/postgres/open-postgres';
import { PgCenters } from '../../../adapters/postgres/pg-centers';
import type { PgDatabase } from '../../../adapters/postgres/pg-database';
import { PgDoctors } from '../../../adapters/postgres/pg-doctors';
import { PgLoginThrottle } from '../../../adapters/postgres/pg-login-throttle';
import { PgPatients } from '../../../adapters/postgres/pg-patients';
import { PgRevokedTokens } from '../../../adapters/postgres/pg-revoked-tokens';
import { PgUsers } from '../../../adapters/postgres/pg-users';
import type { Clock } from '../../../core/ports/clock';
import type { AdminConfig } from '../config';
import { T } from '../tokens';

/** The pool every repository shares; private to this module. */
const DB = Symbol('PgDatabase') as ServiceIdentifier<PgDatabase>;

/**
 * Storage in PostgreSQL (ADMIN_DATABASE_URL), binding the tokens
 * sqlite-storage.ts binds. Opening is asynchronous (connect, then migrate
 * under the admin advisory lock): main.ts awaits `getAsync(T.storage)` before
 * anything else, after which every binding resolves synchronously. The login
 * throttle's counters are in the database, so any number of admin processes
 * may serve it.
 */
export function postgresStorage(config: AdminConfig, postgres: NonNullable<AdminConfig['postgres']>): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(DB).toResolvedValue(() =>
      openPostgres({
        service: 'admin',
        variable: 'ADMIN_DATABASE_URL',
        url: postgres.url,
        maxConnections: postgres.maxConnections,
        lockKey: MIGRATION_LOCK.admin,
        migrations: adminPgMigrations,
      }),
    );
    bind(T.storage).toResolvedValue((db: PgDatabase) => ({ name: 'database', ping: () => db.ping(), close: () => db.close() }), [DB]);
    bind(T.unitOfWork).toResolvedValue((db: PgDatabase) => db, [DB]);
    bind(T.users).toResolvedValue((db: PgDatabase) => new PgUsers(db), [DB]);
    bind(T.doctors).toResolvedValue((db: PgDatabase) => new PgDoctors(db), [DB]);
    bind(T.patients).toResolvedValue((db: PgDatabase) => new PgPatients(db), [DB]);
    bind(T.centers).toResolvedValue((db: PgDatabase) => new PgCenters(db), [DB]);
    bind(T.revokedTokens).toResolvedValue((db: PgDatabase) => new PgRevokedTokens(db), [DB]);
    bind(T.loginThrottle).toResolvedValue((db: PgDatabase, clock: Clock) => new PgLoginThrottle(db, config.throttle, clock), [DB, T.clock]);
  });
}
