import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { type FrontDesk, startFrontDesk } from '../support/web';

/**
 * Admin's login throttle counts failed password checks per address, and a
 * password change (POST /auth/password) checks the current password under
 * the same throttle. Behind the web, admin must see the browser's address
 * (X-Forwarded-For, believed from the web's address: TRUST_PROXY=loopback,
 * as `npm start` runs it), never the web's own, which every browser shares.
 * Browsers are told apart by the local address they connect from (any
 * 127.x is this machine).
 */
describe('the browser\'s address reaches admin through the web', () => {
  let fd: FrontDesk;
  before(async () => {
    fd = await startFrontDesk({ adminEnv: { TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES_PER_ADDRESS: '3' } });
  });
  after(async () => {
    await fd?.close();
  });

  /** A browser at `from`: same-origin requests, one cookie, JSON in and out. */
  function browserAt(from: string) {
    const { port, url } = fd.web;
    const origin = new URL(url).origin;
    let cookie = '';
    return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const h: Record<string, string | number> = { origin, ...headers };
      if (cookie) h.cookie = cookie;
      if (text !== undefined) Object.assign(h, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      return new Promise((done, fail) => {
        const req = request({ host: '127.0.0.1', port, path, method, localAddress: from, headers: h }, (res) => {
          let answer = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (answer += c));
          res.on('end', () => {
            for (const c of res.headers['set-cookie'] ?? []) cookie = /Max-Age=0/i.test(c) ? '' : c.split(';')[0];
            done({ status: res.statusCode ?? 0, body: answer ? JSON.parse(answer) : undefined });
          });
        });
        req.on('error', fail);
        req.end(text);
      });
    };
  }

  it('a browser cannot choose the address admin counts: its own X-Forwarded-For is not believed by the web (no TRUST_PROXY)', async () => {
    const guesser = browserAt('127.0.0.6');
    for (let i = 0; i < 3; i++) {
      const res = await guesser('POST', '/api/sesion', { username: `nadie.${i}`, password: 'Intento-2026-x' }, { 'x-forwarded-for': `203.0.113.${i + 1}` });
      assert.equal(res.status, 401, `attempt ${i + 1}`);
    }
    const res = await guesser('POST', '/api/sesion', { username: 'nadie.3', password: 'Intento-2026-x' }, { 'x-forwarded-for': '203.0.113.99' });
    assert.equal(res.status, 429, 'a new X-Forwarded-For each time does not escape the per-address limit');
  });

  it('wrong current passwords count against the browser that typed them, not against every colleague\'s password change', async () => {
    const intruder = await fd.sys.createPatient();
    const colleague = await fd.sys.createPatient();
    const fromIntruder = browserAt('127.0.0.4');
    const fromColleague = browserAt('127.0.0.5');
    assert.equal((await fromIntruder('POST', '/api/sesion', { username: intruder.username, password: intruder.password })).status, 200);
    assert.equal((await fromColleague('POST', '/api/sesion', { username: colleague.username, password: colleague.password })).status, 200);
    for (let i = 0; i < 3; i++) {
      const res = await fromIntruder('POST', '/api/sesion/password', { password_actual: `No-Es-La-Mia-${i}`, password_nueva: 'Otra-Clave-2026-ok' });
      assert.equal(res.status, 422, `attempt ${i + 1}: ${JSON.stringify(res.body)}`);
    }
    const res = await fromColleague('POST', '/api/sesion/password', { password_actual: colleague.password, password_nueva: 'Otra-Clave-2026-ok' });
    assert.equal(res.status, 204, `the colleague at another browser changes her password: ${JSON.stringify(res.body)}`);
    assert.equal((await fromIntruder('POST', '/api/sesion/password', { password_actual: intruder.password, password_nueva: 'Otra-Clave-2026-ok' })).status, 429, 'the guessing browser is throttled');
  });
});
