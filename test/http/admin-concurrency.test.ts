import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ApiResponse, startTestAdmin, type TestAdmin } from '../support/admin';
import { describeWithPostgres } from '../support/postgres';

/**
 * Changes to one directory record that meet each other, fired together over
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
}

describe('admin directory under concurrent requests (SQLite)', () => directoryRaces(() => startTestAdmin()));

describeWithPostgres('admin directory under concurrent requests (PostgreSQL)', (pg) =>
  directoryRaces(async () => startTestAdmin({ ADMIN_DATABASE_URL: await pg().createDatabase('admin'), ADMIN_DATABASE_POOL: '4' })),
);
