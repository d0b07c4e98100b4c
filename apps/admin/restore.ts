/**
 * node dist/apps/admin/restore.js DIR (in the image; npm run restore restores
 * both services at once, restoreServices), with admin stopped: checks admin.db and jwt-keys.json in DIR and puts them
 * in DATA_DIR, setting aside what they replace.
 */
import { SystemClock } from '../../adapters/clock/system-clock';
import { restoreCommand } from '../../adapters/sqlite/backup-command';
import { adminData } from './data-dir';
import { loadAdminConfig } from './config';

if (require.main === module) void restoreCommand('admin', process.argv.slice(2), () => adminData(loadAdminConfig()), new SystemClock());
