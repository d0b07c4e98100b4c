import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { createLogger } from '../../adapters/http/logger';
import { TEST_ADMIN } from '../support/admin';
import { type FrontDesk, startFrontDesk, startTestWeb, type TestWeb } from '../support/web';

/**
 * DNS rebinding: a page on attacker.example whose name the attacker then
 * points at the clinic's machine talks to the web service as its own origin
 * (Host: attacker.example, Origin: http://attacker.example), so the Origin
 * check passes and the front desk PC's browser hands over its reach (the
 * login form, the relay to admin and citas). The web service answers only
 * the names it is meant to be reached by: loopback, WEB_PUBLIC_ORIGIN's host
 * and WEB_ALLOWED_HOSTS. Real HTTP, with the Host header written by hand.
 */
describe('web service: the Host names it answers', () => {
  let fd: FrontDesk;
  before(async () => {
    fd = await startFrontDesk();
  });
  after(async () => {
    await fd?.close();
  });

  interface Answer {
    status: number;
    type: string;
    setCookie: string[];
    body: any;
  }

  /** One request to `web` with this Host header (fetch will not let a caller choose it). */
  function send(web: TestWeb, host: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const h: Record<string, string | number> = { host, ...headers };
    if (text !== undefined) Object.assign(h, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    return new Promise((done, fail) => {
      const req = request({ host: '127.0.0.1', port: web.port, method, path, headers: h }, (res) => {
        let answer = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (answer += c));
        res.on('end', () => {
          const type = String(res.headers['content-type'] ?? '');
          done({ status: res.statusCode ?? 0, type, setCookie: res.headers['set-cookie'] ?? [], body: /json/.test(type) && answer ? JSON.parse(answer) : answer });
        });
      });
      req.on('error', fail);
      req.end(text);
    });
  }

  /** A login as the page sends it, from a page served under `host`. */
  const login = (web: TestWeb, host: string) =>
    send(web, host, 'POST', '/api/sesion', { username: TEST_ADMIN.username, password: TEST_ADMIN.password }, { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' });

  function assertRefused(res: Answer, what: string): void {
    assert.equal(res.status, 421, `${what}: ${JSON.stringify(res.body)}`);
    assert.match(res.type, /^application\/problem\+json/, what);
    assert.equal(res.body.code, 'HOST_NO_PERMITIDO', what);
    assert.equal(res.body.status, 421, what);
    assert.equal(typeof res.body.detail, 'string', what);
    assert.deepEqual(res.setCookie, [], `${what}: no session cookie`);
  }

  it('refuses a rebound name everywhere (the page, /api, the login) with 421 problem JSON, and logs a warning without the credentials', async () => {
    const lines: string[] = [];
    const web = await startTestWeb(fd.sys.admin.url, fd.sys.citas.url, {}, fd.clock, createLogger('web', 'info', { write: (l: string) => void lines.push(l) }));
    try {
      const attacker = `attacker.example:${web.port}`;
      assertRefused(await send(web, attacker, 'GET', '/'), 'the page');
      assertRefused(await send(web, attacker, 'GET', '/js/main.js'), 'a script of the page');
      assertRefused(await send(web, attacker, 'GET', '/api/sesion'), 'the session');
      assertRefused(await login(web, attacker), 'a login whose Origin matches the rebound Host');
      assertRefused(await send(web, attacker, 'GET', '/api/citas/citas', undefined, { cookie: 'odc_sesion=v1.a.b.c' }), 'the relay to citas');
      assertRefused(await send(web, `ATTACKER.example.:${web.port}`, 'GET', '/'), 'the same name in capitals with a trailing dot');
      assertRefused(await send(web, `127.0.0.1.attacker.example:${web.port}`, 'GET', '/'), 'a name that starts like loopback');
      assertRefused(await send(web, `localhost@attacker.example:${web.port}`, 'GET', '/'), 'a Host that is not a host');

      const warnings = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 40);
      assert.ok(warnings.some((w) => w.host === attacker && typeof w.reqId === 'string'), `a warning names the Host and the request: ${JSON.stringify(warnings)}`);
      const all = lines.join('\n');
      assert.doesNotMatch(all, new RegExp(TEST_ADMIN.password.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'no password in the log');
      assert.doesNotMatch(all, /odc_sesion=/, 'no cookie in the log');
    } finally {
      await web.close();
    }
  });

  it('answers the loopback names at any port, and a login from a page served under one of them works', async () => {
    const port = fd.web.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LocalHost:${port}`, 'localhost', '127.0.0.1:80']) {
      const page = await send(fd.web, host, 'GET', '/');
      assert.equal(page.status, 200, `${host}: ${JSON.stringify(page.body).slice(0, 200)}`);
      assert.equal((await send(fd.web, host, 'GET', '/health')).status, 200, `${host}: /health`);
    }
    const res = await login(fd.web, `localhost:${port}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.setCookie.length, 1);
  });

  it('refuses a request without a Host (HTTP/1.0), which names no site at all', async () => {
    const answer = await new Promise<string>((done, fail) => {
      // HTTP/1.0 without keep-alive: the server closes the connection once it has answered.
      const socket = connect({ host: '127.0.0.1', port: fd.web.port }, () => socket.write('GET / HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (c: string) => (text += c));
      socket.on('end', () => done(text));
      socket.on('error', fail);
    });
    assert.match(answer, /^HTTP\/1\.\d 421 /, answer.slice(0, 200));
    assert.match(answer, /"code":"HOST_NO_PERMITIDO"/);
  });

  it('behind a proxy: WEB_PUBLIC_ORIGIN\'s host is answered, loopback still is (the container\'s health check), other names are not', async () => {
    const web = await startTestWeb(fd.sys.admin.url, fd.sys.citas.url, { WEB_PUBLIC_ORIGIN: 'http://citas.clinica.example:8080' }, fd.clock);
    try {
      assert.equal((await send(web, 'citas.clinica.example:8080', 'GET', '/')).status, 200);
      assert.equal((await send(web, 'CITAS.clinica.example', 'GET', '/')).status, 200, 'a proxy may pass the name without the port, in any case');
      const res = await send(web, 'citas.clinica.example:8080', 'POST', '/api/sesion', { username: TEST_ADMIN.username, password: TEST_ADMIN.password }, { origin: 'http://citas.clinica.example:8080' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal((await send(web, `127.0.0.1:${web.port}`, 'GET', '/ready')).status, 200);
      assertRefused(await send(web, 'attacker.example', 'GET', '/'), 'another name');
      assertRefused(await send(web, 'clinica.example', 'GET', '/'), 'the parent domain');
    } finally {
      await web.close();
    }
  });

  it('WEB_PUBLIC_ORIGIN written with capitals, the default port or a trailing slash still matches the Origin a browser sends', async () => {
    const web = await startTestWeb(fd.sys.admin.url, fd.sys.citas.url, { WEB_PUBLIC_ORIGIN: 'https://Citas.Clinica.Example:443/' }, fd.clock);
    try {
      // A browser serialises its origin in lower case and without the scheme's default port.
      const res = await send(web, 'citas.clinica.example', 'POST', '/api/sesion', { username: TEST_ADMIN.username, password: TEST_ADMIN.password }, { origin: 'https://citas.clinica.example' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    } finally {
      await web.close();
    }
  });

  it('WEB_ALLOWED_HOSTS adds the names and addresses the clinic reaches it by (another PC on the network)', async () => {
    const web = await startTestWeb(fd.sys.admin.url, fd.sys.citas.url, { WEB_ALLOWED_HOSTS: 'recepcion.clinica.lan, 192.168.1.20,fd00::20' }, fd.clock);
    try {
      for (const host of ['recepcion.clinica.lan:5000', 'RECEPCION.clinica.lan', '192.168.1.20:5000', '[fd00::20]:5000', '[fd00:0::20]', `127.0.0.1:${web.port}`]) {
        assert.equal((await send(web, host, 'GET', '/')).status, 200, host);
      }
      const res = await login(web, '192.168.1.20:5000');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assertRefused(await send(web, 'otra.clinica.lan:5000', 'GET', '/'), 'a name not declared');
      assertRefused(await send(web, '192.168.1.21:5000', 'GET', '/'), 'an address not declared');
    } finally {
      await web.close();
    }
  });
});
