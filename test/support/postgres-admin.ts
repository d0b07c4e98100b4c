import { adminPgMigrations } from '../../adapters/postgres/admin-migrations';
import { MIGRATION_LOCK } from '../../adapters/postgres/migrate';
import { openPostgres } from '../../adapters/postgres/open-postgres';
import type { PgDatabase } from '../../adapters/postgres/pg-database';

/** An admin database on the test server, opened and migrated as the service opens it. */
export function openAdminDatabase(url: string, maxConnections = 10): Promise<PgDatabase> {
  return openPostgres({
    service: 'admin',
    variable: 'ADMIN_DATABASE_URL',
    url,
    maxConnections,
    lockKey: MIGRATION_LOCK.admin,
    migrations: adminPgMigrations,
  });
}

/** Empties every admin table and restarts the ids, so a contract test starts as on a new database. */
export async function emptyAdminTables(db: PgDatabase): Promise<void> {
  await db.query('TRUNCATE users, doctors, patients, centers, revoked_tokens, login_failures RESTART IDENTITY CASCADE');
}
