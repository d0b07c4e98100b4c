/**
 * node dist/apps/citas/restore.js DIR (in the image; npm run restore restores
 * both services at once, restoreServices), with citas stopped: checks citas.db in DIR and puts it in DATA_DIR, setting
 * aside what it replaces.
 */
import { SystemClock } from '../../adapters/clock/system-clock';
import { restoreCommand } from '../../adapters/sqlite/backup-command';
import { citasData } from './data-dir';
import { loadCitasConfig } from './config';

if (require.main === module) void restoreCommand('citas', process.argv.slice(2), () => citasData(loadCitasConfig()), new SystemClock());
