import { snapshotOf } from '../../core/domain/appointment';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { agendaMigrations } from '../../adapters/sqlite/agenda-migrations';
import { citasMigrations } from '../../adapters/sqlite/citas-migrations';
import { openDatabase } from '../../adapters/sqlite/open-database';
import { SqliteAppointments } from '../../adapters/sqlite/sqlite-appointments';
import { SqliteOutbox } from '../../adapters/sqlite/sqlite-outbox';
import { aCita } from '../builders/cita';
import { startReceiver } from './webhook-receiver';

const run = promisify(execFile);

describe('delivery from two processes on one citas.db', () => {
  it('delivers every due message exactly once between them', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'worker-procs-'));
    const file = join(dir, 'citas.db');
    const receiver = await startReceiver(() => 200);
    try {
      const db = openDatabase(file, [...citasMigrations, ...agendaMigrations]);
      const cita = new SqliteAppointments(db).add(aCita().build());
      const outbox = new SqliteOutbox(db);
      const due = new Date(Date.now() - 1000);
      for (let i = 0; i < 40; i++) outbox.enqueue({ tipo: 'cita_creada', idCita: cita.id, dueAt: due, payload: { cita: snapshotOf({ ...aCita().build(), id: cita.id, motivo: `aviso ${i}` }) } });
      db.close();

      const startAt = String(Date.now() + 8000); // after both have loaded ts-node
      const child = () =>
        run(process.execPath, ['--require', 'ts-node/register', join(__dirname, 'delivery-round-child.ts'), file, receiver.url, startAt], {
          env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
          timeout: 120_000,
        });
      const [a, b] = await Promise.all([child(), child()]);
      const claimed = [JSON.parse(a.stdout).claimed as number, JSON.parse(b.stdout).claimed as number];

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
