/**
 * node dist/apps/citas/backup.js [--to DIR | --name NAME] [--keep N] (npm run
 * backup runs it before admin's, without --keep: admin's command prunes the
 * folder both wrote): citas.db, copied while the service runs.
 */
import { SystemClock } from '../../adapters/clock/system-clock';
import { backupCommand } from '../../adapters/sqlite/backup-command';
import { loadCitasConfig } from './config';
import { citasData } from './data-dir';

if (require.main === module) void backupCommand('citas', process.argv.slice(2), () => citasData(loadCitasConfig()), new SystemClock());
