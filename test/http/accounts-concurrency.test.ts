import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Argon2PasswordHasher } from '../../adapters/security/argon2-password-hasher';
import { startTestAdmin, type TestAdmin } from '../support/admin';
import { TEST_PASSWORD } from '../support/citas';
import { describeWithPostgres } from '../support/postgres';

/**
 * Password writes that meet each other on admin, fired together over real
 * HTTP. A password check reads the hash, spends an Argon2 verify, then
 * writes: whatever committed in between must not be overwritten by a write
 * that proved only the password that was there before. What a user would
 * notice otherwise: a 204 for a password that does not log in, or an
 * account an admin reset (because it leaked) opening again with the leaked
 * password.
 */
/** The races, against admin on the storage `start` gives it; `setHash` writes a hash straight into its users table. */
function racesOn(start: () => Promise<TestAdmin>, setHash: (admin: TestAdmin, id: number, hash: string) => Promise<void>): void {
  let admin: TestAdmin;
  let adminToken: string;
  let n = 0;
  before(async () => {
    admin = await start();
    adminToken = await admin.adminToken();
  });
  after(() => admin.close());

  async function secretaria(password = TEST_PASSWORD): Promise<{ id: number; username: string }> {
    const username = `carrera.${++n}`;
    const res = await admin.post('/admin/usuario', { username, password, rol: 'secretaria' }, adminToken);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { id: res.body.id_user, username };
  }
  const loginStatus = async (username: string, password: string) => (await admin.post('/auth/login', { username, password })).status;

  // The first change ends the token both were sent with: the second is refused as the session check would refuse it then.
  it('two changes of one password at once, both proving the same current one: one 204, the other 401 TOKEN_INVALIDO, and the 204\'s password is the one that logs in', async () => {
    const { username } = await secretaria();
    const token = await admin.login(username, TEST_PASSWORD);
    const news = ['Primera-Nueva-2027', 'Segunda-Nueva-2027'];
    const answers = await Promise.all(news.map((password_nueva) => admin.post('/auth/password', { password_actual: TEST_PASSWORD, password_nueva }, token)));
    assert.deepEqual(answers.map((a) => `${a.status} ${a.body?.code}`).sort(), ['204 undefined', '401 TOKEN_INVALIDO'], JSON.stringify(answers.map((a) => a.body)));
    const winner = news[answers.findIndex((a) => a.status === 204)];
    const loser = news[answers.findIndex((a) => a.status === 401)];
    assert.deepEqual([await loginStatus(username, winner), await loginStatus(username, loser), await loginStatus(username, TEST_PASSWORD)], [200, 401, 401]);
  });

  it('an admin\'s reset and the user\'s own change at once: the reset is what stays, the password the user proved does not come back', async () => {
    const { id, username } = await secretaria();
    const token = await admin.login(username, TEST_PASSWORD);
    const [own, reset] = await Promise.all([
      admin.post('/auth/password', { password_actual: TEST_PASSWORD, password_nueva: 'Del-Usuario-2027' }, token),
      admin.post(`/admin/usuario/${id}/password`, { password_nueva: 'Del-Admin-2027' }, adminToken),
    ]);
    assert.equal(reset.status, 204, JSON.stringify(reset.body));
    // 401 when the reset came first: it ended the token the change was sent with.
    assert.ok(own.status === 204 || (own.status === 401 && own.body.code === 'TOKEN_INVALIDO'), JSON.stringify(own.body));
    assert.deepEqual(
      [await loginStatus(username, 'Del-Admin-2027'), await loginStatus(username, 'Del-Usuario-2027'), await loginStatus(username, TEST_PASSWORD)],
      [200, 401, 401],
    );
  });

  it('logins that upgrade an old hash and a reset at once: the reset stays, the old password does not come back', async () => {
    const { id, username } = await secretaria();
    const old = 'Antigua-Clave-2026';
    // A hash made with the parameters of an earlier release: a successful login hashes the password again.
    const oldHash = await new Argon2PasswordHasher({ memoryCost: 4096, timeCost: 1, parallelism: 1 }).hash(old);
    for (let round = 0; round < 3; round++) {
      await setHash(admin, id, oldHash);
      const reset = `Repuesta-${round}-Clave-2027`;
      const answers = await Promise.all([
        admin.post('/auth/login', { username, password: old }),
        admin.post('/auth/login', { username, password: old }),
        admin.post(`/admin/usuario/${id}/password`, { password_nueva: reset }, adminToken),
      ]);
      assert.equal(answers[2].status, 204, JSON.stringify(answers[2].body));
      assert.deepEqual([await loginStatus(username, reset), await loginStatus(username, old)], [200, 401], `round ${round}`);
    }
  });
}

describe('password changes under concurrent requests (SQLite)', () =>
  racesOn(
    () => startTestAdmin(),
    async (admin, id, hash) => {
      const db = new Database(join(admin.dataDir, 'admin.db'));
      try {
        db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(hash, id);
      } finally {
        db.close();
      }
    },
  ),
);

describeWithPostgres('password changes under concurrent requests (PostgreSQL)', (pg) => {
  let database = '';
  racesOn(
    async () => {
      const url = await pg().createDatabase('admin');
      database = new URL(url).pathname.slice(1);
      return startTestAdmin({ ADMIN_DATABASE_URL: url, ADMIN_DATABASE_POOL: '4' });
    },
    async (_, id, hash) => {
      await pg().exec(`UPDATE users SET password_hash = '${hash}' WHERE id = ${Number(id)}`, database);
    },
  );
});
