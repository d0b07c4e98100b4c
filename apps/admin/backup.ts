/**
 * node dist/apps/admin/backup.js [--to DIR | --name NAME] [--keep N] (npm run
 * backup runs it after citas's, and gives it --keep): admin.db and
 * jwt-keys.json, copied while the service runs. The keys belong with the
 * database: without them every token in circulation dies
 * (docs/adr/0002-rs256-published-keys.md).
 */
import { SystemClock } from '../../adapters/clock/system-clock';
import { backupCommand } from '../../adapters/sqlite/backup-command';
import { loadAdminConfig } from './config';
import { adminData } from './data-dir';

if (require.main === module) void backupCommand('admin', process.argv.slice(2), () => adminData(loadAdminConfig()), new SystemClock());
