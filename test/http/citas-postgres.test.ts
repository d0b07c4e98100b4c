import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { FixedClock } from '../fakes/fixed-clock';
import { firstMondayNextYear } from '../support/clinic-days';
import { startTestCitas, startTestSystem, type TestSystem } from '../support/citas';
import { pollUntil } from '../support/poll-until';
import { describeWithPostgres } from '../support/postgres';
import { holdTableLock, waitingForLock } from '../support/postgres-locks';

/**
 * The citas service as deployed on PostgreSQL: CITAS_DATABASE_URL set, the
 * schema migrated at start, bookings and lists over HTTP, /ready asking the
 * database, and an outage while running answered 503 + Retry-After until the
 * pool has reconnected by itself.
 */
describeWithPostgres('citas service on PostgreSQL (CITAS_DATABASE_URL)', (pg) => {
  const clock = new FixedClock('2026-03-02T08:00:00Z');
  let sys: TestSystem;
  let url: string;
  /** The superuser, to see the service's statements wait for a lock. */
  let watcher: Pool;
  before(async () => {
    url = await pg().createDatabase('citas');
    watcher = new Pool({ connectionString: pg().adminUrl(), max: 1 });
    sys = await startTestSystem({ citasEnv: { CITAS_DATABASE_URL: url, CITAS_DATABASE_POOL: '4' }, citasOverrides: { clock } });
  });
  after(async () => {
    await watcher?.end();
    await sys?.close();
  });

  it('books and lists through PostgreSQL, and opens no SQLite file', async () => {
    const [doctor, patient, center] = await Promise.all([sys.createDoctor(), sys.createPatient(), sys.createCenter()]);
    const fecha = `${firstMondayNextYear(clock.now(), 6)}T10:00:00`;
    const body = { fecha, motivo: 'Revisión', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id };
    const booked = await sys.citas.post('/citas', body, await patient.token());
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const again = await sys.citas.post('/citas', body, sys.adminToken);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'DOCTOR_OCUPADO');

    const listed = await sys.citas.get(`/citas?fecha=${fecha.slice(0, 10)}&id_doctor=${doctor.id}`, sys.adminToken);
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.items.map((c: { id_cita: number }) => c.id_cita), [booked.body.id_cita]);
    const rows = await pg().exec(`SELECT id_cita FROM citas`, new URL(url).pathname.slice(1));
    assert.deepEqual(rows, [{ id_cita: booked.body.id_cita }]);
    assert.equal(existsSync(join(sys.citas.dataDir, 'citas.db')), false);

    const ready = await sys.citas.get('/ready');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.checks.database, 'ok');
  });

  it('connections cut mid-request: 503 with Retry-After, then it answers again by itself', async () => {
    const database = new URL(url).pathname.slice(1);
    const role = new URL(url).username;
    // A superuser holds a lock until the list request is seen waiting for it, so it is certainly in flight when its connection is cut.
    const lock = await holdTableLock(pg().adminUrl(database), 'citas');
    try {
      const inFlight = sys.citas.get('/citas?fecha=2027-01-04', sys.adminToken);
      await pollUntil(async () => (await waitingForLock(watcher, database)) > 0, [inFlight]);
      await pg().exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`);
      const cut = await inFlight;
      assert.equal(cut.status, 503, JSON.stringify(cut.body));
      assert.equal(cut.body.code, 'SERVICIO_NO_DISPONIBLE');
      assert.match(cut.headers.get('retry-after') ?? '', /^\d+$/);
      assert.doesNotMatch(JSON.stringify(cut.body), /terminat|57P01|SQL/i, 'nothing of the engine reaches the client');
    } finally {
      await lock.release();
    }
    const after = await sys.citas.get('/citas?fecha=2027-01-04', sys.adminToken);
    assert.equal(after.status, 200);
    assert.equal((await sys.citas.get('/ready')).status, 200);
  });

  it('a database it cannot use stops the start with one line naming CITAS_DATABASE_URL, before it listens', async () => {
    const wrong = url.replace(/:pw-[^@]+@/, ':not-the-password@');
    await assert.rejects(startTestCitas('http://127.0.0.1:1', { CITAS_DATABASE_URL: wrong }), (err: Error) => {
      assert.match(err.message, /CITAS_DATABASE_URL: PostgreSQL en 127\.0\.0\.1:\d+ rechaza al usuario/);
      assert.doesNotMatch(err.message, /not-the-password/);
      return true;
    });
  });
});
