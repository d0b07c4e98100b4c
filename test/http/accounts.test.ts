import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../fakes/fixed-clock';
import { startTestAdmin, type TestAdmin } from '../support/admin';
import { startTestSystem, TEST_PASSWORD, type TestSystem } from '../support/citas';

/**
 * Accounts (contract, "Accounts, abuse limits and booking grid"): a user
 * changes their password, an admin resets one, a user logs out. Each ends
 * tokens: every token of that user issued before a password change or
 * reset, the one token on logout; and a token of a deactivated account stays
 * dead when the account is reactivated.
 */
describe('accounts on admin: password change, reset, logout', () => {
  let admin: TestAdmin;
  let adminToken: string;
  let n = 0;
  before(async () => {
    admin = await startTestAdmin();
    adminToken = await admin.adminToken();
  });
  after(() => admin.close());

  /** A new secretaria; returns her id and username. */
  async function secretaria(): Promise<{ id: number; username: string }> {
    const username = `cuenta.${++n}`;
    const res = await admin.post('/admin/usuario', { username, password: TEST_PASSWORD, rol: 'secretaria' }, adminToken);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { id: res.body.id_user, username };
  }
  const me = async (token: string) => (await admin.get('/auth/me', token)).status;
  const loginStatus = async (username: string, password: string) => (await admin.post('/auth/login', { username, password })).status;

  it('POST /auth/password: 204, every token issued before is refused, the old password no longer works and the new one does', async () => {
    const { username } = await secretaria();
    const [first, second] = [await admin.login(username, TEST_PASSWORD), await admin.login(username, TEST_PASSWORD)];
    const res = await admin.post('/auth/password', { password_actual: TEST_PASSWORD, password_nueva: 'Otra-Clave-2027' }, first);
    assert.equal(res.status, 204, JSON.stringify(res.body));
    assert.deepEqual([await me(first), await me(second)], [401, 401]);
    assert.equal(await loginStatus(username, TEST_PASSWORD), 401);
    const fresh = await admin.login(username, 'Otra-Clave-2027');
    assert.equal(await me(fresh), 200);
  });

  it('POST /auth/password refuses a wrong current password (422 on password_actual) and a new one that breaks the policy (422 on password_nueva), changing nothing', async () => {
    const { username } = await secretaria();
    const token = await admin.login(username, TEST_PASSWORD);
    const wrong = await admin.post('/auth/password', { password_actual: 'No-Es-Esta-1', password_nueva: 'Otra-Clave-2027' }, token);
    assert.deepEqual([wrong.status, wrong.body.errors.map((e: { path: string }) => e.path)], [422, ['password_actual']]);
    const weak = await admin.post('/auth/password', { password_actual: TEST_PASSWORD, password_nueva: 'corta' }, token);
    assert.equal(weak.status, 422);
    assert.ok(weak.body.errors.every((e: { path: string }) => e.path === 'password_nueva'), JSON.stringify(weak.body.errors));
    const extra = await admin.post('/auth/password', { password_actual: TEST_PASSWORD, password_nueva: 'Otra-Clave-2027', rol: 'admin' }, token);
    assert.equal(extra.status, 422);
    const big = await admin.post('/auth/password', { password_actual: TEST_PASSWORD, password_nueva: `A1${'x'.repeat(5000)}` }, token);
    assert.equal(big.status, 413, 'the credentials routes read 4 KB at most');
    assert.equal(await me(token), 200, 'nothing was revoked');
    assert.equal(await loginStatus(username, TEST_PASSWORD), 200);
  });

  it('POST /auth/password counts wrong current passwords like failed logins: a stolen token cannot guess its way to the account', async () => {
    const { username } = await secretaria();
    const token = await admin.login(username, TEST_PASSWORD);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await admin.post('/auth/password', { password_actual: `Intento-${i}-x`, password_nueva: 'Otra-Clave-2027' }, token)).status);
    assert.deepEqual(statuses, [422, 422, 422, 422, 422, 429, 429]);
  });

  it('POST /admin/usuario/{id}/password: an admin sets a new password (204) and the user\'s tokens end; 404 for no such user, 403 for anyone else', async () => {
    const { id, username } = await secretaria();
    const token = await admin.login(username, TEST_PASSWORD);
    assert.equal((await admin.post(`/admin/usuario/${id}/password`, { password_nueva: 'Repuesta-2027' }, token)).status, 403);
    const res = await admin.post(`/admin/usuario/${id}/password`, { password_nueva: 'Repuesta-2027' }, adminToken);
    assert.equal(res.status, 204, JSON.stringify(res.body));
    assert.equal(await me(token), 401);
    assert.equal(await loginStatus(username, TEST_PASSWORD), 401);
    assert.equal(await me(await admin.login(username, 'Repuesta-2027')), 200);
    assert.equal((await admin.post('/admin/usuario/99999/password', { password_nueva: 'Repuesta-2027' }, adminToken)).status, 404);
    const weak = await admin.post(`/admin/usuario/${id}/password`, { password_nueva: `x${username}9` }, adminToken);
    assert.deepEqual([weak.status, weak.body.errors?.[0]?.path], [422, 'password_nueva']);
    assert.equal(await me(adminToken), 200, "the admin's own session is untouched");
  });

  it('POST /auth/logout: 204, that token is refused from then on, the same user\'s other sessions go on', async () => {
    const { username } = await secretaria();
    const [here, there] = [await admin.login(username, TEST_PASSWORD), await admin.login(username, TEST_PASSWORD)];
    const res = await admin.request('POST', '/auth/logout', undefined, here);
    assert.equal(res.status, 204, JSON.stringify(res.body));
    assert.deepEqual([await me(here), await me(there)], [401, 200]);
    assert.equal((await admin.request('POST', '/auth/logout', undefined, here)).status, 401);
  });

  it('reactivating an account does not bring its old tokens back', async () => {
    const { id, username } = await secretaria();
    const old = await admin.login(username, TEST_PASSWORD);
    assert.equal((await admin.request('DELETE', `/admin/usuario/${id}`, undefined, adminToken)).status, 200);
    assert.equal((await admin.request('PATCH', `/admin/usuario/${id}`, { activo: true }, adminToken)).status, 200);
    assert.equal(await me(old), 401);
    assert.equal(await me(await admin.login(username, TEST_PASSWORD)), 200);

    const d = (await admin.post('/admin/doctores', { nombre: 'Dra. Vuelta', especialidad: 'General', username: 'dra.vuelta', password: TEST_PASSWORD }, adminToken)).body;
    const medico = await admin.login('dra.vuelta', TEST_PASSWORD);
    await admin.request('DELETE', `/admin/doctores/${d.id_doctor}`, undefined, adminToken);
    await admin.request('PATCH', `/admin/doctores/${d.id_doctor}`, { activo: true }, adminToken);
    assert.equal(await me(medico), 401);
  });
});

describe('revocation reaches citas within SESSION_CHECK_SECONDS', () => {
  let sys: TestSystem;
  const clock = new FixedClock(new Date());
  const SESSION_CHECK_SECONDS = 30;
  before(async () => {
    sys = await startTestSystem({ citasEnv: { SESSION_CHECK_SECONDS: String(SESSION_CHECK_SECONDS) }, citasOverrides: { clock } });
  });
  after(() => sys?.close());

  it('a logged-out token and the tokens before a password change are refused by citas once its last confirmation is older than SESSION_CHECK_SECONDS', async () => {
    const account = await sys.createSecretaria();
    const [loggedOut, changed, neverSeen] = [
      await sys.login(account.username, account.password),
      await sys.login(account.username, account.password),
      await sys.login(account.username, account.password),
    ];
    assert.deepEqual([(await sys.citas.get('/citas', loggedOut)).status, (await sys.citas.get('/citas', changed)).status], [200, 200], 'control: citas confirmed both');
    assert.equal((await sys.admin.request('POST', '/auth/logout', undefined, loggedOut)).status, 204);
    assert.equal((await sys.admin.post('/auth/password', { password_actual: account.password, password_nueva: 'Nueva-Clave-2027' }, changed)).status, 204);
    assert.equal((await sys.citas.get('/citas', neverSeen)).status, 401, 'a token citas never confirmed is asked about at once');
    clock.set(new Date(clock.now().getTime() + (SESSION_CHECK_SECONDS + 1) * 1000));
    assert.deepEqual([(await sys.citas.get('/citas', loggedOut)).status, (await sys.citas.get('/citas', changed)).status], [401, 401]);
  });

  it('a deactivated and reactivated secretaria: her old token stays refused by citas', async () => {
    const account = await sys.createSecretaria();
    const token = await account.token();
    assert.equal((await sys.citas.get('/citas', token)).status, 200);
    const id = (await sys.admin.get('/auth/me', token)).body.id_user;
    await sys.admin.request('DELETE', `/admin/usuario/${id}`, undefined, sys.adminToken);
    await sys.admin.request('PATCH', `/admin/usuario/${id}`, { activo: true }, sys.adminToken);
    clock.set(new Date(clock.now().getTime() + (SESSION_CHECK_SECONDS + 1) * 1000));
    assert.equal((await sys.citas.get('/citas', token)).status, 401);
  });
});

describe('SESSION_CHECK_SECONDS=0: revocation reaches citas at once', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startTestSystem({ citasEnv: { SESSION_CHECK_SECONDS: '0' } });
  });
  after(() => sys?.close());

  // The contract: refused "within SESSION_CHECK_SECONDS". An operator who sets 0 wants it at once, never "not at all".
  it('a token citas has confirmed is refused on its very next request after logout or a password change', async () => {
    const account = await sys.createSecretaria();
    const [loggedOut, changed] = [await sys.login(account.username, account.password), await sys.login(account.username, account.password)];
    assert.deepEqual([(await sys.citas.get('/citas', loggedOut)).status, (await sys.citas.get('/citas', changed)).status], [200, 200], 'control: citas confirmed both');
    assert.equal((await sys.admin.request('POST', '/auth/logout', undefined, loggedOut)).status, 204);
    assert.equal((await sys.admin.post('/auth/password', { password_actual: account.password, password_nueva: 'Nueva-Clave-2027' }, changed)).status, 204);
    assert.deepEqual([(await sys.citas.get('/citas', loggedOut)).status, (await sys.citas.get('/citas', changed)).status], [401, 401]);
  });
});
