import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_ADMIN, type TestAdmin, startTestAdmin } from '../support/admin';
import { startCuttableProxy } from '../support/cuttable-proxy';
import { eventually } from '../support/eventually';
import { describeWithPostgres } from '../support/postgres';

describeWithPostgres('admin service on PostgreSQL (ADMIN_DATABASE_URL)', (pg) => {
  const running: TestAdmin[] = [];
  after(() => Promise.all(running.map((a) => a.close())));

  it('starts on an empty database, creates a doctor, and the doctor logs in, with /ready asking the database', async () => {
    const admin = await startTestAdmin({ ADMIN_DATABASE_URL: await pg().createDatabase('admin'), ADMIN_DATABASE_POOL: '4' });
    running.push(admin);
    const token = await admin.adminToken();
    const created = await admin.post('/admin/doctores', { nombre: 'Dra. Núñez', especialidad: 'Ortodoncia', username: 'dra.nunez', password: 'Sonrisa2026' }, token);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await admin.login('DRA.NUNEZ', 'Sonrisa2026');
    const found = await admin.get('/admin/doctores?q=NUNEZ', token);
    assert.deepEqual(found.body.items.map((d: { nombre: string }) => d.nombre), ['Dra. Núñez']);
    const ready = await admin.get('/ready');
    assert.deepEqual({ status: ready.status, db: ready.body.checks.database }, { status: 200, db: 'ok' });
  });

  it('two admin services on one database (each its own pool, as two processes would have) share users and the login throttle', async () => {
    const url = await pg().createDatabase('admin');
    const [a, b] = await Promise.all([startTestAdmin({ ADMIN_DATABASE_URL: url }), startTestAdmin({ ADMIN_DATABASE_URL: url })]);
    running.push(a, b);
    await b.login(TEST_ADMIN.username, TEST_ADMIN.password); // one first admin, created by whichever started first
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).post('/auth/login', { username: TEST_ADMIN.username, password: 'no-es-esta' })),
    );
    assert.equal(guesses.filter((g) => g.status === 401).length, 5, 'LOGIN_MAX_FAILURES_PER_ACCOUNT checks between both');
    assert.equal(guesses.filter((g) => g.status === 429).length, 15);
  });

  it('answers 503 with Retry-After while the database is unreachable, and recovers by itself', async () => {
    const proxy = await startCuttableProxy(pg().host, pg().port);
    try {
      const direct = new URL(await pg().createDatabase('admin'));
      direct.port = String(proxy.port);
      const admin = await startTestAdmin({ ADMIN_DATABASE_URL: direct.toString() });
      running.push(admin);
      const token = await admin.adminToken();
      assert.equal((await admin.get('/admin/centros', token)).status, 200);

      await proxy.cut();
      const during = await admin.get('/admin/centros', token);
      assert.equal(during.status, 503, JSON.stringify(during.body));
      assert.equal(during.body.code, 'SERVICIO_NO_DISPONIBLE');
      assert.match(during.headers.get('retry-after') ?? '', /^\d+$/);
      const ready = await admin.get('/ready');
      assert.equal(ready.status, 503);
      assert.match(ready.body.detail, /database/);

      await proxy.restore();
      const after = await eventually(() => admin.get('/admin/centros', token), (r) => r.status === 200);
      assert.equal(after.status, 200, 'the pool reconnects without a restart');
      assert.equal((await admin.get('/ready')).status, 200);
    } finally {
      await proxy.close();
    }
  });
});
