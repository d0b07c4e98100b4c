import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_ADMIN } from '../support/admin';
import { type FrontDesk, startFrontDesk, webClient } from '../support/web';

/**
 * The contract's user routes through the web service (the Usuarios screen's):
 * relayed for the session's token like the directory's, and refused to anyone
 * but an admin by admin's own rule (403 PROHIBIDO from the API), not merely
 * left out of a non-admin's page.
 */
describe('web service: the user routes', () => {
  let fd: FrontDesk;
  before(async () => {
    fd = await startFrontDesk();
  });
  after(async () => {
    await fd?.close();
  });

  it('an admin lists, reads, creates and resets a password through the web; the old password no longer logs in', async () => {
    const client = webClient(fd.web.url);
    await client.login(TEST_ADMIN.username, TEST_ADMIN.password);
    const list = await client.get('/api/admin/admin/usuario?rol=admin&page_size=5');
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.ok(list.body.items.some((u: any) => u.username === TEST_ADMIN.username));

    const made = await client.post('/api/admin/admin/usuario', { username: 'rosa.recepcion', password: 'Recepcion-2026', rol: 'secretaria' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const one = await client.get(`/api/admin/admin/usuario/${made.body.id_user}`);
    assert.deepEqual([one.status, one.body.username, one.body.rol], [200, 'rosa.recepcion', 'secretaria']);

    const reset = await client.post(`/api/admin/admin/usuario/${made.body.id_user}/password`, { password_nueva: 'Nueva-Clave-2027' });
    assert.equal(reset.status, 204, JSON.stringify(reset.body));
    assert.equal((await webClient(fd.web.url).login('rosa.recepcion', 'Recepcion-2026')).status, 401);
    assert.equal((await webClient(fd.web.url).login('rosa.recepcion', 'Nueva-Clave-2027')).status, 200);
  });

  it('a reset still needs the Origin check of every unsafe method', async () => {
    const client = webClient(fd.web.url);
    await client.login(TEST_ADMIN.username, TEST_ADMIN.password);
    const res = await client.request('POST', '/api/admin/admin/usuario/1/password', { password_nueva: 'Nueva-Clave-2027' }, { origin: 'https://otro.example' });
    assert.equal(res.status, 403);
  });

  it("a secretaria's calls are relayed and refused by admin's rule (403 PROHIBIDO), never answered", async () => {
    const sec = await fd.sys.createSecretaria();
    const client = webClient(fd.web.url);
    assert.equal((await client.login(sec.username, sec.password)).status, 200);
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/api/admin/admin/usuario'],
      ['GET', '/api/admin/admin/usuario/1'],
      ['POST', '/api/admin/admin/usuario', { username: 'colada', password: 'Colada-2026', rol: 'admin' }],
      ['POST', '/api/admin/admin/usuario/1/password', { password_nueva: 'Colada-2026' }],
    ];
    for (const [method, path, body] of calls) {
      const res = await client.request(method, path, body);
      assert.equal(res.status, 403, `${method} ${path}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'PROHIBIDO', `${method} ${path}: the API's refusal, not the web's 404`);
    }
    assert.equal((await webClient(fd.web.url).login(TEST_ADMIN.username, TEST_ADMIN.password)).status, 200, "the admin's password is as it was");
    assert.equal((await webClient(fd.web.url).login('colada', 'Colada-2026')).status, 401, 'no admin was made');
  });

  it('relays no other path under a user: no bulk load, no other sub-route', async () => {
    const client = webClient(fd.web.url);
    await client.login(TEST_ADMIN.username, TEST_ADMIN.password);
    for (const path of ['/api/admin/admin/usuario/lote', '/api/admin/admin/usuario/1/otra', '/api/admin/admin/doctores/1/password']) {
      assert.equal((await client.post(path, {})).status, 404, path);
    }
  });
});
