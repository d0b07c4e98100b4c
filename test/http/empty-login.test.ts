import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestAdmin, type TestAdmin } from '../support/admin';

/**
 * A login sent with a field left empty (the front desk's login form lets
 * the press through, novalidate, so the refusal is said under each field in
 * Spanish): a 422 naming each empty field, judged before any password is
 * checked, so however often it is sent it never counts as a failed password
 * against the account's LOGIN_MAX_FAILURES_PER_ACCOUNT.
 */
describe('an empty login', () => {
  let admin: TestAdmin;
  const PER_ACCOUNT = 2;
  const PASSWORD = 'Clave-2026-vacia';
  before(async () => {
    admin = await startTestAdmin({ LOGIN_MAX_FAILURES_PER_ACCOUNT: String(PER_ACCOUNT) });
    const res = await admin.post('/admin/usuario', { username: 'recepcion.vacia', password: PASSWORD, rol: 'secretaria' }, await admin.adminToken());
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });
  after(() => admin?.close());

  it('is a 422 naming each empty field in Spanish, and never counts toward the throttle', async () => {
    const both = await admin.post('/auth/login', { username: '', password: '' });
    assert.equal(both.status, 422, JSON.stringify(both.body));
    assert.deepEqual(both.body.errors, [
      { path: 'username', message: 'No puede estar vacío.' },
      { path: 'password', message: 'No puede estar vacío.' },
    ]);
    for (let i = 0; i < PER_ACCOUNT * 3; i++) {
      const noPassword = await admin.post('/auth/login', { username: 'recepcion.vacia', password: '' });
      assert.equal(noPassword.status, 422, JSON.stringify(noPassword.body));
    }
    const right = await admin.post('/auth/login', { username: 'recepcion.vacia', password: PASSWORD });
    assert.equal(right.status, 200, `the right password after ${PER_ACCOUNT * 3} empty ones: ${JSON.stringify(right.body)}`);
  });
});
