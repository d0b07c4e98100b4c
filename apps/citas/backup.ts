/**
 * node dist/apps/citas/backup.js [--to DIR | --name NAME] [--keep N] (npm run
 * backup runs it before admin's, without --keep: admin's command prunes the
 * folder both wrote): citas.db, copied while the service runs.
 */
import { SystemClock } from '../../adapters/clock/system-clock';
import { backupCommand, type ServiceData } from '../../adapters/sqlite/backup-command';
import { type CitasConfig, loadCitasConfig } from './config';
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

if (require.main === module) void backupCommand('citas', process.argv.slice(2), () => citasData(loadCitasConfig()), new SystemClock());
