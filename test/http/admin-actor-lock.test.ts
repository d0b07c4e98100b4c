import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as pause } from 'node:timers/promises';
import { Pool } from 'pg';
import { PgCenters } from '../../adapters/postgres/pg-centers';
import { PgUsers } from '../../adapters/postgres/pg-users';
import { type ApiResponse, startTestAdmin, type TestAdmin } from '../support/admin';
import { TEST_PASSWORD } from '../support/citas';
import { holdFirstCall } from '../support/held-requests';
import { describeWithPostgres } from '../support/postgres';
import { waitingForLock } from '../support/postgres-locks';

/**
 * What the lock an admin write takes on its author's row (its re-read in
 * core/use-cases/admin-writes.ts) lets through on PostgreSQL, shown by
 * holding one write's transaction open where it stands (holdFirstCall) and
 * asking the server whether anything then waits for a lock:
 *
 * - her own second write goes ahead, one that changes another admin's
 *   account too: her writes do not take turns on her row;
 * - her deactivation, and her logout, wait until the write commits, and
 *   land after it (a logout answered while her write is still to commit
 *   would be followed by that write);
 * - a write waits for a deactivation still being written, and sees it (401).
 *
 * (On SQLite one unit of work writes at a time, so her writes take turns there whatever the lock.)
 */
describeWithPostgres('an admin write and the lock on its author\'s row (PostgreSQL)', (pg) => {
  let admin: TestAdmin;
  let root: string;
  /** A connection of the same role as the service's, to see whether its statements wait for a lock. */
  let watcher: Pool;
  let database: string;
  let n = 0;
  before(async () => {
    const url = await pg().createDatabase('admin');
    database = new URL(url).pathname.slice(1);
    admin = await startTestAdmin({ ADMIN_DATABASE_URL: url, ADMIN_DATABASE_POOL: '4' });
    root = await admin.adminToken();
    watcher = new Pool({ connectionString: url, max: 1 });
  });
  after(async () => {
    await watcher?.end();
    await admin?.close();
  });

  const unique = (what: string) => `${what}${String(++n).padStart(4, '0')}`;
  async function anAdminAndHerToken(): Promise<{ id: number; token: string }> {
    const username = unique('jefa.');
    const res = await admin.post('/admin/usuario', { username, password: TEST_PASSWORD, rol: 'admin' }, root);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { id: res.body.id_user, token: await admin.login(username, TEST_PASSWORD) };
  }
  const newCenter = (token: string) => admin.post('/admin/centros', { nombre: unique('Centro Cerrojo '), direccion: 'Calle Mayor 1' }, token);

  /**
   * Which comes first: `answer`, or a statement of the service waiting for a
   * lock (pg_stat_activity, polled until one of the two happens).
   */
  async function answeredOrWaiting(answer: Promise<ApiResponse>): Promise<ApiResponse | 'waiting'> {
    let settled = false;
    const waiting = (async () => {
      while (!settled) {
        if ((await waitingForLock(watcher, database)) > 0) return 'waiting' as const;
        await pause(5);
      }
      return 'waiting' as const;
    })();
    try {
      return await Promise.race([answer, waiting]);
    } finally {
      settled = true;
    }
  }
  /** Holds her first write inside its transaction, past the re-read of her account: at its insert. */
  async function herWriteHeldOpen(token: string) {
    const hold = holdFirstCall(PgCenters.prototype, 'add', () => true, 'start');
    const answer = newCenter(token);
    await Promise.race([hold.held, answer.then((res) => assert.fail(`answered ${res.status} before its insert: ${JSON.stringify(res.body)}`))]);
    return { hold, answer };
  }

  /**
   * Her second writes: one that changes no account, and ones that change
   * another admin's (which lock that admin's row too, but hers only as
   * every write of hers does).
   */
  const secondWrites = [
    { name: 'write', send: (me: { token: string }) => newCenter(me.token), ok: 201 },
    {
      name: 'deactivation of another admin',
      send: (me: { token: string }, other: { id: number }) => admin.request('DELETE', `/admin/usuario/${other.id}`, undefined, me.token),
      ok: 200,
    },
    {
      name: 'reset of another admin\'s password',
      send: (me: { token: string }, other: { id: number }) => admin.post(`/admin/usuario/${other.id}/password`, { password_nueva: 'Otra-Distinta-2027' }, me.token),
      ok: 204,
    },
  ];
  for (const write of secondWrites) {
    it(`her ${write.name} goes ahead while her first write's transaction is held open`, async () => {
      const me = await anAdminAndHerToken();
      const other = await anAdminAndHerToken();
      const first = await herWriteHeldOpen(me.token);
      let second: ApiResponse | 'waiting';
      try {
        second = await answeredOrWaiting(write.send(me, other));
      } finally {
        first.hold.release();
      }
      if (second === 'waiting') assert.fail(`her ${write.name} waited for a lock her first write holds`);
      assert.equal(second.status, write.ok, JSON.stringify(second.body));
      assert.equal((await first.answer).status, 201);
    });
  }

  const ends = [
    {
      name: 'deactivation',
      send: (me: { id: number }) => admin.request('DELETE', `/admin/usuario/${me.id}`, undefined, root),
      ok: 200,
      landed: async (me: { id: number }) => assert.equal((await admin.get(`/admin/usuario/${me.id}`, root)).body.activo, false),
    },
    {
      name: 'logout',
      send: (me: { token: string }) => admin.request('POST', '/auth/logout', undefined, me.token),
      ok: 204,
      landed: async (me: { token: string }) => assert.equal((await admin.get('/auth/me', me.token)).status, 401),
    },
  ];
  for (const end of ends) {
    it(`her ${end.name} waits for her write held open, and lands after it`, async () => {
      const me = await anAdminAndHerToken();
      const write = await herWriteHeldOpen(me.token);
      const ending = end.send(me);
      let early: ApiResponse | 'waiting';
      try {
        early = await answeredOrWaiting(ending);
      } finally {
        write.hold.release();
      }
      assert.equal(early, 'waiting', `the ${end.name} did not wait for her write: ${JSON.stringify(early)}`);
      assert.equal((await write.answer).status, 201);
      assert.equal((await ending).status, end.ok);
      await end.landed(me);
    });
  }

  it('a write waits for her deactivation still being written, then sees it: 401 TOKEN_INVALIDO, nothing written', async () => {
    const me = await anAdminAndHerToken();
    // The deactivation held inside its transaction, its UPDATE of her row done.
    const hold = holdFirstCall(PgUsers.prototype, 'setActive', (id) => id === me.id, 'end');
    const closing = admin.request('DELETE', `/admin/usuario/${me.id}`, undefined, root);
    await Promise.race([hold.held, closing.then((res) => assert.fail(`answered ${res.status} before deactivating: ${JSON.stringify(res.body)}`))]);
    const before = (await admin.get('/admin/centros?page_size=1', root)).body.total;
    let early: ApiResponse | 'waiting';
    const write = newCenter(me.token);
    try {
      early = await answeredOrWaiting(write);
    } finally {
      hold.release();
    }
    assert.equal(early, 'waiting', `her write did not wait for the deactivation: ${JSON.stringify(early)}`);
    assert.equal((await closing).status, 200);
    const res = await write;
    assert.deepEqual([res.status, res.body.code], [401, 'TOKEN_INVALIDO'], JSON.stringify(res.body));
    assert.equal((await admin.get('/admin/centros?page_size=1', root)).body.total, before);
  });
});
