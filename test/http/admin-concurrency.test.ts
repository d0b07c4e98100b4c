import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ApiResponse, startTestAdmin, type TestAdmin } from '../support/admin';
import { describeWithPostgres } from '../support/postgres';

/**
 * Changes to one directory record or account that meet each other, fired together over
 * real HTTP, on each storage engine admin runs on. A PATCH reads the record
 * and writes it back whole: whatever committed in between (a DELETE that
 * deactivated it, a PATCH of another field) must still be there afterwards.
 * What a user would notice otherwise: a center the admin closed taking
 * bookings again, or a change answered 200 and then gone.
 */
function directoryRaces(start: () => Promise<TestAdmin>): void {
  let admin: TestAdmin;
  let token: string;
  before(async () => {
    admin = await start();
    token = await admin.adminToken();
  });
  after(() => admin?.close());

  const patch = (path: string, body: unknown) => admin.request('PATCH', path, body, token);
  const remove = (path: string) => admin.request('DELETE', path, undefined, token);
  /** Sent together, in this order in even rounds and the other way in odd ones; answered in the order given. */
  const race = async (round: number, a: () => Promise<ApiResponse>, b: () => Promise<ApiResponse>) => {
    if (round % 2 === 0) return Promise.all([a(), b()]);
    const [second, first] = await Promise.all([b(), a()]);
    return [first, second];
  };
  const newCenter = async (n: number) => {
    const res = await admin.post('/admin/centros', { nombre: `Centro ${n}`, direccion: `Calle ${n}` }, token);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id_centro as number;
  };

  it('a PATCH of a center and its DELETE at once: the center ends inactive, with the new address', async () => {
    for (let round = 0; round < 6; round++) {
      const id = await newCenter(round);
      const [changed, closed] = await race(
        round,
        () => patch(`/admin/centros/${id}`, { direccion: `Avenida ${round}` }),
        () => remove(`/admin/centros/${id}`),
      );
      assert.deepEqual([changed.status, closed.status], [200, 200], JSON.stringify([changed.body, closed.body]));
      const now = (await admin.get(`/admin/centros/${id}`, token)).body;
      assert.deepEqual({ activo: now.activo, direccion: now.direccion }, { activo: false, direccion: `Avenida ${round}` }, `round ${round}`);
    }
  });

  it('two PATCHes of different fields of one center at once: both changes stay', async () => {
    for (let round = 0; round < 6; round++) {
      const id = await newCenter(100 + round);
      const answers = await race(
        round,
        () => patch(`/admin/centros/${id}`, { nombre: `Renombrado ${round}` }),
        () => patch(`/admin/centros/${id}`, { direccion: `Plaza ${round}` }),
      );
      assert.deepEqual(answers.map((a) => a.status), [200, 200]);
      const now = (await admin.get(`/admin/centros/${id}`, token)).body;
      assert.deepEqual({ nombre: now.nombre, direccion: now.direccion }, { nombre: `Renombrado ${round}`, direccion: `Plaza ${round}` }, `round ${round}`);
    }
  });

  it('two admins deactivating each other at once: one succeeds, the other is refused as a deactivated account (401), so an admin is always left', async () => {
    for (let round = 0; round < 6; round++) {
      const pair = await Promise.all(
        ['a', 'b'].map(async (who) => {
          const username = `jefe.${who}${round}`;
          const res = await admin.post('/admin/usuario', { username, password: 'Sonrisa-2026-ok', rol: 'admin' }, token);
          assert.equal(res.status, 201, JSON.stringify(res.body));
          return { id: res.body.id_user as number, username };
        }),
      );
      const [ta, tb] = [await admin.login(pair[0].username, 'Sonrisa-2026-ok'), await admin.login(pair[1].username, 'Sonrisa-2026-ok')];
      const answers = await race(
        round,
        () => admin.request('DELETE', `/admin/usuario/${pair[1].id}`, undefined, ta),
        () => admin.request('DELETE', `/admin/usuario/${pair[0].id}`, undefined, tb),
      );
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 401], `round ${round}: ${JSON.stringify(answers.map((a) => a.body))}`);
      const active = await Promise.all(pair.map(async (u) => (await admin.get(`/admin/usuario/${u.id}`, token)).body.activo));
      assert.deepEqual(active.sort(), [false, true], `round ${round}`);
    }
  });

  it('the same patient created several times at once: one 201, the rest 409 USUARIO_DUPLICADO, and one patient with one user', async () => {
    const body = (n: number) => ({ nombre: `Paciente Doble ${n}`, telefono: '+34 600 000 001', username: 'paciente.doble', password: 'Sonrisa-2026-ok' });
    const answers = await Promise.all([1, 2, 3, 4].map((n) => admin.post('/admin/pacientes', body(n), token)));
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409, 409], JSON.stringify(answers.map((a) => a.body)));
    assert.ok(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'USUARIO_DUPLICADO'));
    assert.equal((await admin.get('/admin/pacientes?q=doble', token)).body.total, 1);
    const users = (await admin.get('/admin/usuario?page_size=100', token)).body.items.filter((u: { username: string }) => u.username === 'paciente.doble');
    assert.equal(users.length, 1);
  });
}

describe('admin directory under concurrent requests (SQLite)', () => directoryRaces(() => startTestAdmin()));

describeWithPostgres('admin directory under concurrent requests (PostgreSQL)', (pg) =>
  directoryRaces(async () => startTestAdmin({ ADMIN_DATABASE_URL: await pg().createDatabase('admin'), ADMIN_DATABASE_POOL: '4' })),
);
