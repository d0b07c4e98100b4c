import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FixedClock } from '../fakes/fixed-clock';
import { startTestWeb, type TestWeb, webClient } from '../support/web';

/**
 * What the web service asks admin for a session's logout and password
 * change (POST /auth/logout, POST /auth/password of the contract's third
 * wave), against a stand-in admin that records the calls: these run here
 * whether or not the real admin has those routes yet.
 */
describe('session calls to admin (stand-in admin)', () => {
  let server: Server;
  let web: TestWeb;
  const calls: { method: string; url: string; auth?: string; body: any }[] = [];
  let password = 'Vieja-Clave-2026';
  let issued = 0;

  before(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        const body = text ? JSON.parse(text) : undefined;
        calls.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
        const json = (status: number, payload?: unknown) => {
          res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
          res.end(payload === undefined ? '' : JSON.stringify(payload));
        };
        if (req.url === '/auth/login') {
          if (body.password !== password) return json(401, { status: 401, code: 'CREDENCIALES_INVALIDAS', detail: 'Usuario o contraseña incorrectos.' });
          issued += 1;
          return json(200, { access_token: `token-${issued}`, token_type: 'Bearer', expires_in: 600, user: { id_user: 7, username: 'ana', rol: 'secretaria' } });
        }
        if (req.url === '/auth/password') {
          if (body.password_actual !== password) return json(401, { status: 401, code: 'CREDENCIALES_INVALIDAS', detail: 'La contraseña actual no es correcta.' });
          password = body.password_nueva;
          res.writeHead(204).end();
          return;
        }
        if (req.url === '/auth/logout') {
          res.writeHead(204).end();
          return;
        }
        json(404, { status: 404, code: 'RUTA_NO_ENCONTRADA', detail: 'no' });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    web = await startTestWeb(url, url, {}, new FixedClock(new Date()));
  });

  after(async () => {
    await web?.close();
    await new Promise((r) => server?.close(r));
  });

  it('logout calls POST /auth/logout with the session\'s token, then clears the cookie', async () => {
    const client = webClient(web.url);
    assert.equal((await client.login('ana', password)).status, 200);
    calls.length = 0;
    const res = await client.request('DELETE', '/api/sesion');
    assert.equal(res.status, 204);
    assert.deepEqual(calls.map((c) => [c.method, c.url, c.auth]), [['POST', '/auth/logout', `Bearer token-${issued}`]]);
    assert.match(res.setCookie[0], /Max-Age=0/);
  });

  it('a password change calls POST /auth/password, then logs in again with the new password and renews the cookie', async () => {
    const client = webClient(web.url);
    await client.login('ana', password);
    const before = client.cookie;
    const old = password;
    calls.length = 0;
    const res = await client.post('/api/sesion/password', { password_actual: old, password_nueva: 'Nueva-Clave-2026' });
    assert.equal(res.status, 204);
    assert.deepEqual(
      calls.map((c) => [c.url, c.body]),
      [
        ['/auth/password', { password_actual: old, password_nueva: 'Nueva-Clave-2026' }],
        ['/auth/login', { username: 'ana', password: 'Nueva-Clave-2026' }],
      ],
    );
    assert.notEqual(client.cookie, before);
    assert.equal((await client.get('/api/sesion')).status, 200);
  });

  it('a wrong current password is the API\'s answer, and the session stays', async () => {
    const client = webClient(web.url);
    await client.login('ana', password);
    const res = await client.post('/api/sesion/password', { password_actual: 'otra', password_nueva: 'Nueva-Clave-2027' });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'CREDENCIALES_INVALIDAS');
    assert.deepEqual(res.setCookie, []);
    assert.equal((await client.get('/api/sesion')).status, 200);
  });
});
