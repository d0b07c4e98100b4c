/**
 * Its own file, read by the service's start (an interrupted restore to
 * finish), its backup and its restore, so that no module imports a
 * command's file: backup.ts runs its command when it is the process's main
 * module, and in npm start's bundle every module shares that module.
 */import { adminMigrations } from '../../adapters/sqlite/admin-migrations';
import type { ServiceData } from '../../adapters/sqlite/backup-command';
import type { AdminConfig } from './config';

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
