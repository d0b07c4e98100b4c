import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ReminderWorker } from '../../adapters/notify/reminder-worker';
import { WebhookNotifier } from '../../adapters/notify/webhook-notifier';
import { agendaMigrations } from '../../adapters/sqlite/agenda-migrations';
import { citasMigrations } from '../../adapters/sqlite/citas-migrations';
import { type Db, openDatabase, SqliteUnitOfWork } from '../../adapters/sqlite/open-database';
import { SqliteAppointments } from '../../adapters/sqlite/sqlite-appointments';
import { SqliteOutbox } from '../../adapters/sqlite/sqlite-outbox';
import type { Notifier } from '../../core/ports/notifier';
import { DEFAULT_DELIVERY_POLICY, DeliverDueNotifications, type DeliveryPolicy } from '../../core/use-cases/deliver-due-notifications';
import { citasWorld } from '../builders/citas-world';
import { anAdmin } from '../builders/principals';
import type { FixedClock } from '../fakes/fixed-clock';
import { RecordingNotifier } from '../fakes/recording-notifier';
import { sqliteCitasOn } from './sqlite-citas-storage';
import { startReceiver } from './webhook-receiver';

const MIGRATIONS = [...citasMigrations, ...agendaMigrations];
const HOUR = 3_600_000;

interface OutboxRow {
  id: number;
  tipo: string;
  id_cita: number;
  attempts: number;
  delivered_at: number | null;
  discarded_at: number | null;
  next_attempt_at: number;
  last_error: string | null;
}

/** A citas SQLite file with the booking use cases on one connection; workers open their own connections. */
function citasFile() {
  const dir = mkdtempSync(join(tmpdir(), 'worker-'));
  const file = join(dir, 'citas.db');
  const dbs: Db[] = [];
  const open = () => {
    const db = openDatabase(file, MIGRATIONS);
    dbs.push(db);
    return db;
  };
  const world = citasWorld({ storage: sqliteCitasOn(open()) }); // now: Monday 2026-03-02 09:00 Madrid
  const clock = world.clock as FixedClock;
  return {
    world,
    clock,
    /** A worker as another process would have it: its own connection to the same file. */
    worker(notifier: Notifier, policy: Partial<DeliveryPolicy> = {}) {
      const db = open();
      return {
        db,
        outbox: new SqliteOutbox(db),
        round: new DeliverDueNotifications(
          { queue: new SqliteOutbox(db), appointments: new SqliteAppointments(db), notifier, clock, uow: new SqliteUnitOfWork(db) },
          { ...DEFAULT_DELIVERY_POLICY, ...policy },
        ),
      };
    },
    rows(): OutboxRow[] {
      return dbs[0].prepare('SELECT * FROM outbox ORDER BY id').all() as OutboxRow[];
    },
    close() {
      for (const db of dbs) if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let files: ReturnType<typeof citasFile>[] = [];
function newFile() {
  const f = citasFile();
  files.push(f);
  return f;
}
afterEach(() => {
  for (const f of files) f.close();
  files = [];
});

/** Books the p-th cita (patients 1-4 and doctors 1-3 in turn, one hour apart from 08:00) on `day`. */
async function book(f: ReturnType<typeof citasFile>, p: number, day = '2026-03-05') {
  const hour = String(7 + p).padStart(2, '0');
  return f.world.bookAs(anAdmin(), { fecha: `${day}T${hour}:00:00`, idPaciente: ((p - 1) % 4) + 1, idDoctor: ((p - 1) % 3) + 1, idCentro: 1 });
}

describe('notification delivery on a SQLite file', () => {
  it('delivers the notices now and each reminder 24 h before its cita, once', async () => {
    const f = newFile();
    const cita = await book(f, 3); // Thursday 10:00 -> reminder due Wednesday 10:00
    const notifier = new RecordingNotifier();
    const w = f.worker(notifier);
    assert.equal((await w.round.execute()).claimed, 1);
    assert.deepEqual(notifier.delivered.map((n) => n.tipo), ['cita_creada']);
    assert.equal((await w.round.execute()).claimed, 0, 'nothing twice');

    f.clock.set('2026-03-04T08:59:00Z');
    assert.equal((await w.round.execute()).claimed, 0, 'the reminder is not due yet');
    f.clock.set('2026-03-04T09:00:00Z');
    await w.round.execute();
    assert.deepEqual(notifier.delivered.map((n) => [n.tipo, n.idCita]), [['cita_creada', cita.id], ['recordatorio', cita.id]]);
    assert.ok(f.rows().every((r) => r.delivered_at !== null && r.attempts === 1));
  });

  it('two workers on the same file never deliver the same message in one round', async () => {
    const f = newFile();
    for (let p = 1; p <= 12; p++) await book(f, p);
    const a = new RecordingNotifier();
    const b = new RecordingNotifier();
    const wa = f.worker(a, { batchSize: 7 });
    const wb = f.worker(b, { batchSize: 7 });
    const gateA = a.hold();
    const gateB = b.hold();
    const rounds = Promise.all([wa.round.execute(), wb.round.execute()]);
    await Promise.all([gateA.arrived, gateB.arrived]); // both rounds have claimed and are delivering
    gateA.open();
    gateB.open();
    const [ra, rb] = await rounds;
    assert.equal(ra.claimed + rb.claimed, 12);
    const all = [...a.ids(), ...b.ids()];
    assert.equal(new Set(all).size, all.length, 'no message went to both workers');
    assert.equal(all.length, 12);
  });

  it('after a crash, a new worker on the same file delivers what was claimed but not delivered, once its lock expires', async () => {
    const f = newFile();
    await book(f, 1);
    await book(f, 2);
    const crashed = f.worker(new RecordingNotifier());
    const claimed = await crashed.outbox.claimDue(f.clock.now(), 10, new Date(f.clock.now().getTime() + DEFAULT_DELIVERY_POLICY.lockMs));
    assert.equal(claimed.length, 2);
    crashed.db.close(); // the process died before marking anything delivered

    const notifier = new RecordingNotifier();
    const restarted = f.worker(notifier);
    assert.equal((await restarted.round.execute()).claimed, 0, 'still locked by the dead worker');
    f.clock.advanceMinutes(DEFAULT_DELIVERY_POLICY.lockMs / 60_000);
    await restarted.round.execute();
    assert.deepEqual(notifier.ids().sort(), claimed.map((c) => c.id).sort());
    assert.deepEqual(notifier.delivered.map((n) => n.attempt), [2, 2], 'the receiver can tell it is a repeat');
    const ids = new Set(claimed.map((c) => c.id));
    assert.ok(f.rows().filter((r) => ids.has(r.id)).every((r) => r.delivered_at !== null));
  });

  it('never delivers the reminder of a cancelled or replaced cita', async () => {
    const f = newFile();
    const cancelled = await book(f, 1);
    const changed = await book(f, 2);
    await f.world.cancel.execute({ idCita: cancelled.id }, anAdmin());
    const { citaNueva } = await f.world.reschedule.execute({ idCita: changed.id, inicio: f.world.at('2026-03-06T10:00:00') }, { principal: anAdmin(), credential: 't' });
    const notifier = new RecordingNotifier();
    const w = f.worker(notifier);
    f.clock.set('2026-03-06T08:00:00Z'); // every reminder is due by now
    await w.round.execute();
    const reminders = notifier.delivered.filter((n) => n.tipo === 'recordatorio').map((n) => n.idCita);
    assert.deepEqual(reminders, [citaNueva.id]);
    assert.ok(notifier.delivered.some((n) => n.tipo === 'cita_cancelada' && n.idCita === cancelled.id), 'the cancellation itself is notified');
  });

  it('re-reads the cita before sending a reminder that was claimed before the cita was cancelled', async () => {
    const f = newFile();
    const cita = await book(f, 3);
    f.clock.set('2026-03-04T09:00:00Z');
    const crashed = f.worker(new RecordingNotifier());
    const lock = new Date(f.clock.now().getTime() + 60_000);
    const claimed = await crashed.outbox.claimDue(f.clock.now(), 10, lock);
    assert.ok(claimed.some((c) => c.tipo === 'recordatorio'));
    // The cita stops being active while the reminder is held (written directly, as a racing process would).
    const appointments = new SqliteAppointments(crashed.db);
    await appointments.update({ ...(await appointments.byId(cita.id))!, estado: 'Cancelada' });

    const notifier = new RecordingNotifier();
    f.clock.advanceMinutes(1);
    const round = await f.worker(notifier).round.execute();
    assert.deepEqual(notifier.delivered.map((n) => n.tipo), ['cita_creada']);
    const reminder = round.outcomes.find((o) => o.tipo === 'recordatorio')!;
    assert.equal(reminder.result, 'descartada');
    assert.ok(f.rows().find((r) => r.tipo === 'recordatorio')!.discarded_at !== null);
  });

  it('retries a failed delivery later with growing delays, and gives up after maxAttempts', async () => {
    const f = newFile();
    await book(f, 1);
    const notifier = new RecordingNotifier();
    notifier.failWith = () => new Error('el webhook respondió 500');
    const w = f.worker(notifier, { baseRetryMs: 30_000, maxAttempts: 3 });
    assert.equal((await w.round.execute()).outcomes[0].result, 'reintentar');
    let row = f.rows()[0];
    assert.equal(row.delivered_at, null);
    assert.equal(row.next_attempt_at, f.clock.now().getTime() + 30_000);
    assert.equal(row.last_error, 'el webhook respondió 500');
    assert.equal((await w.round.execute()).claimed, 0, 'not before its next attempt');
    f.clock.advanceMinutes(0.5);
    await w.round.execute();
    row = f.rows()[0];
    assert.equal(row.next_attempt_at, f.clock.now().getTime() + 60_000, 'the delay doubled');
    f.clock.advanceMinutes(1);
    assert.equal((await w.round.execute()).outcomes[0].result, 'descartada');
    assert.notEqual(f.rows()[0].discarded_at, null);
    assert.equal(notifier.attempts.length, 3);
  });

  it('with the webhook: a receiver failing twice then answering 200 gets it delivered and marked once', async () => {
    const receiver = await startReceiver((n) => (n <= 2 ? 500 : 200));
    try {
      const f = newFile();
      await book(f, 1);
      const w = f.worker(new WebhookNotifier({ url: receiver.url, maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 20 }));
      const round = await w.round.execute();
      assert.deepEqual(round.outcomes.map((o) => o.result), ['entregada']);
      assert.equal(receiver.received.length, 3);
      const [row] = f.rows();
      assert.notEqual(row.delivered_at, null);
      assert.equal(row.attempts, 1, 'one claim: the retries were inside the delivery');
      assert.equal((await w.round.execute()).claimed, 0);
      assert.equal(receiver.received.length, 3);
    } finally {
      await receiver.close();
    }
  });

  it('with the webhook: a receiver answering 500 leaves it undelivered, and a later round delivers it once the receiver recovers', async () => {
    let healthy = false;
    const receiver = await startReceiver(() => (healthy ? 200 : 500));
    try {
      const f = newFile();
      await book(f, 1);
      const w = f.worker(new WebhookNotifier({ url: receiver.url, maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 20 }));
      assert.deepEqual((await w.round.execute()).outcomes.map((o) => o.result), ['reintentar']);
      assert.equal(f.rows()[0].delivered_at, null);
      assert.equal(receiver.received.length, 2);
      healthy = true;
      f.clock.advanceMinutes(1);
      assert.deepEqual((await w.round.execute()).outcomes.map((o) => o.result), ['entregada']);
      assert.notEqual(f.rows()[0].delivered_at, null);
      assert.equal(f.rows()[0].attempts, 2);
    } finally {
      await receiver.close();
    }
  });
});

/**
 * Awaits `event` with the event loop held open. The worker's timer is
 * unref'd on purpose (it must never keep a stopping citas process alive), and
 * a SQLite round does no I/O the loop can see, so without this handle node
 * may find nothing pending before the first tick fires and cancel the test.
 */
async function whileHeld<T>(event: Promise<T>): Promise<T> {
  const handle = setInterval(() => {}, 60_000);
  try {
    return await event;
  } finally {
    clearInterval(handle);
  }
}

describe('the reminder worker loop', () => {
  it('stop() waits for the round in flight, which still marks its messages delivered', async () => {
    const f = newFile();
    await book(f, 1);
    const notifier = new RecordingNotifier();
    const gate = notifier.hold();
    const w = f.worker(notifier);
    const worker = new ReminderWorker(w.round, { intervalMs: 60_000, batchSize: 20, logger: pino({ level: 'silent' }) });
    worker.start();
    await whileHeld(gate.arrived); // the worker's first tick has claimed and is delivering
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(stopped, false, 'stop waits while a delivery is in flight');
    gate.open();
    await stopping;
    assert.equal(notifier.delivered.length, 1);
    assert.notEqual(f.rows()[0].delivered_at, null);
  });

  it('keeps going after a failed round and starts no round after stop()', async (t) => {
    let calls = 0;
    const worker = new ReminderWorker(
      {
        execute: async () => {
          calls++;
          throw new Error('database is locked');
        },
      },
      { intervalMs: 60_000, batchSize: 20, logger: pino({ level: 'silent' }) },
    );
    assert.equal(await worker.runOnce(), undefined, 'a failing round is logged, not thrown');
    // The worker's timers are the test's to fire: a round stop() left scheduled runs at runAll(), without a wait.
    t.mock.timers.enable({ apis: ['setTimeout'] });
    worker.start();
    await worker.stop();
    const after = calls;
    t.mock.timers.runAll();
    assert.equal(calls, after);
  });
});
