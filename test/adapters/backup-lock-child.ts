/**
 * A process taking DATA_DIR's backup lock (used by backup-lock.test.ts and, holding it, test/support/backup-lock-holder.ts).
 * argv: dataDir, then "exit" (take it and be killed, SIGKILL, holding it,
 * as a crash or a power cut leaves it), "take" (take it, release it, end) or "hold" (take
 * it and keep it until stdin ends, then release it: a run in progress, for
 * as long as the test needs it), then optionally what it does ("una
 * restauración"; a backup by default). Prints "held" or the refusal's message.
 * An IPC channel to the test, if it has one, keeps it alive no longer than
 * that. Not a test file.
 */
import { type LockedWork, lockBackups } from '../../adapters/sqlite/backup-lock';
import { FixedClock } from '../fakes/fixed-clock';

const [dataDir, mode, doing = 'una copia'] = process.argv.slice(2);
process.channel?.unref();
try {
  const lock = lockBackups(dataDir, new FixedClock('2026-12-01T02:00:00Z'), () => {}, doing as LockedWork);
  process.stdout.write('held\n');
  if (mode === 'take') lock.release();
  if (mode === 'exit') process.kill(process.pid, 'SIGKILL');
  if (mode === 'hold') {
    process.stdin.resume();
    process.stdin.on('end', () => lock.release());
  }
} catch (err) {
  process.stdout.write(`${(err as Error).message}\n`);
}
