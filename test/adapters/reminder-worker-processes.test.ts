import { snapshotOf } from '../../core/domain/appointment';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agendaMigrations } from '../../adapters/sqlite/agenda-migrations';
import { citasMigrations } from '../../adapters/sqlite/citas-migrations';
import { openDatabase } from '../../adapters/sqlite/open-database';
import { SqliteAppointments } from '../../adapters/sqlite/sqlite-appointments';
import { SqliteOutbox } from '../../adapters/sqlite/sqlite-outbox';
import { aCita } from '../builders/cita';
import { startReceiver } from './webhook-receiver';

/**
 * A delivery process on `file`. It says `ready` once loaded and starts its
 * rounds when told to go, so two of them start together however long each
 * took to load; `done` is its last line of output.
 */
function deliveryProcess(file: string, url: string) {
  const child = spawn(process.execPath, ['--require', 'ts-node/register', join(__dirname, 'delivery-round-child.ts'), file, url], {
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    timeout: 120_000,
  });
  let out = '';
  let err = '';
  let announced: () => void;
  const ready = new Promise<void>((resolve) => (announced = resolve));
  child.stdout.on('data', (chunk) => {
    out += chunk;
    if (out.startsWith('ready\n')) announced();
  });
  child.stderr.on('data', (chunk) => (err += chunk));
  const done = new Promise<string>((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve(out.trim().split('\n').pop() ?? '') : reject(new Error(`delivery process exited ${code}: ${err}`)))),
  );
  return { ready: Promise.race([ready, done.then(() => undefined)]), go: () => child.stdin.end('go\n'), done };
}

describe('delivery from two processes on one citas.db', () => {
  it('delivers every due message exactly once between them', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'worker-procs-'));
    const file = join(dir, 'citas.db');
    const receiver = await startReceiver(() => 200);
    try {
      const db = openDatabase(file, [...citasMigrations, ...agendaMigrations]);
      const cita = await new SqliteAppointments(db).add(aCita().build());
      const outbox = new SqliteOutbox(db);
      const due = new Date('2026-03-02T08:00:00Z'); // long due on the processes' clock (the machine's)
      for (let i = 0; i < 40; i++) await outbox.enqueue({ tipo: 'cita_creada', idCita: cita.id, dueAt: due, payload: { cita: snapshotOf({ ...aCita().build(), id: cita.id, motivo: `aviso ${i}` }) } });
      db.close();

      const processes = [deliveryProcess(file, receiver.url), deliveryProcess(file, receiver.url)];
      await Promise.all(processes.map((p) => p.ready)); // both have loaded ts-node
      for (const p of processes) p.go();
      const [a, b] = await Promise.all(processes.map((p) => p.done));
      const claimed = [JSON.parse(a).claimed as number, JSON.parse(b).claimed as number];

      const ids = receiver.ids();
      t.diagnostic(`claimed per process: ${claimed.join(' + ')}`);
      assert.equal(new Set(ids).size, 40, 'every message arrived');
      assert.equal(ids.length, 40, 'none arrived twice');
      assert.equal(claimed[0] + claimed[1], 40);
      const check = openDatabase(file, [...citasMigrations, ...agendaMigrations]);
      assert.equal(check.prepare('SELECT count(*) FROM outbox WHERE delivered_at IS NULL').pluck().get(), 0);
      check.close();
    } finally {
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
