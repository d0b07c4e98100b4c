/**
 * A second process for reminder-worker-processes.test.ts: runs delivery
 * rounds on the given citas.db until one claims nothing, posting to the given
 * webhook, and prints how many messages it claimed. It prints `ready` once
 * loaded and starts when its stdin says go. Not a test file.
 */
import { once } from 'node:events';
import { SystemClock } from '../../adapters/clock/system-clock';
import { WebhookNotifier } from '../../adapters/notify/webhook-notifier';
import { agendaMigrations } from '../../adapters/sqlite/agenda-migrations';
import { citasMigrations } from '../../adapters/sqlite/citas-migrations';
import { openDatabase, SqliteUnitOfWork } from '../../adapters/sqlite/open-database';
import { SqliteAppointments } from '../../adapters/sqlite/sqlite-appointments';
import { SqliteOutbox } from '../../adapters/sqlite/sqlite-outbox';
import { DEFAULT_DELIVERY_POLICY, DeliverDueNotifications } from '../../core/use-cases/deliver-due-notifications';

async function main(): Promise<void> {
  const [file, url] = process.argv.slice(2);
  const db = openDatabase(file, [...citasMigrations, ...agendaMigrations]);
  const round = new DeliverDueNotifications(
    { queue: new SqliteOutbox(db), appointments: new SqliteAppointments(db), notifier: new WebhookNotifier({ url, maxAttempts: 1 }), clock: new SystemClock(), uow: new SqliteUnitOfWork(db) },
    { ...DEFAULT_DELIVERY_POLICY, batchSize: 4 },
  );
  // Both processes start their first round at the same moment: when the test has seen both ready.
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  process.stdin.destroy();
  let claimed = 0;
  for (;;) {
    const r = await round.execute();
    if (r.claimed === 0) break;
    claimed += r.claimed;
  }
  db.close();
  process.stdout.write(JSON.stringify({ claimed }));
}

void main();
