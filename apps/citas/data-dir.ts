/**
 * Its own file, read by the service's start (an interrupted restore to
 * finish), its backup and its restore, so that no module imports a
 * command's file: backup.ts runs its command when it is the process's main
 * module, and in npm start's bundle every module shares that module.
 */import type { ServiceData } from '../../adapters/sqlite/backup-command';
import type { CitasConfig } from './config';
import { citasSqliteMigrations } from './modules/sqlite-storage';

/** What citas keeps in DATA_DIR, and what it keeps elsewhere. */
export function citasData(config: CitasConfig): ServiceData {
  return {
    service: 'citas',
    dataDir: config.dataDir,
    databases: config.postgres ? [] : [{ file: config.databaseFile, migrations: citasSqliteMigrations }],
    files: [],
    elsewhere: config.postgres ? ['la base de datos es PostgreSQL (CITAS_DATABASE_URL): cópiela con pg_dump (docs/docker.md).'] : [],
  };
}
