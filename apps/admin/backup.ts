/**
 * node dist/apps/admin/backup.js [--to DIR | --name NAME] [--keep N] (npm run
 * backup runs it after citas's, and gives it --keep): admin.db and
 * jwt-keys.json, copied while the service runs. The keys belong with the
 * database: without them every token in circulation dies
 * (docs/adr/0002-rs256-published-keys.md).
 */
import { SystemClock } from '../../adapters/clock/system-clock';
import { adminMigrations } from '../../adapters/sqlite/admin-migrations';
import { backupCommand, type ServiceData } from '../../adapters/sqlite/backup-command';
import { type AdminConfig, loadAdminConfig } from './config';

/** What admin keeps in DATA_DIR, and what it keeps elsewhere. */
export function adminData(config: AdminConfig): ServiceData {
  const elsewhere: string[] = [];
  if (config.postgres) elsewhere.push('la base de datos es PostgreSQL (ADMIN_DATABASE_URL): cópiela con pg_dump (docs/docker.md).');
  if (config.jwt.privateKeyFile) elsewhere.push(`la clave de firma es JWT_PRIVATE_KEY_FILE (${config.jwt.privateKeyFile}): guárdela aparte.`);
  return {
    service: 'admin',
    dataDir: config.dataDir,
    databases: config.postgres ? [] : [{ file: config.dbFile, migrations: adminMigrations }],
    files: config.jwt.privateKeyFile ? [] : [config.keysFile],
    elsewhere,
  };
}

if (require.main === module) void backupCommand('admin', process.argv.slice(2), () => adminData(loadAdminConfig()), new SystemClock());
