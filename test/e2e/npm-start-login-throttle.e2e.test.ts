import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/free-port';
import { eventually } from '../support/eventually';

const ROOT = resolve(__dirname, '..', '..');

/** A POST to the web's login from a browser at `from` (any 127.x address is this machine's loopback). */
function logInThroughWeb(port: number, from: string, username: string, password: string): Promise<number> {
  const body = JSON.stringify({ username, password });
  return new Promise((done, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/sesion',
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), origin: `http://127.0.0.1:${port}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

/**
 * `npm start` runs web, admin and citas on one machine: every browser's
 * login reaches admin from the web's address. Admin's login throttle must
 * still count browsers, not the web: the web sends the browser's address in
 * X-Forwarded-For, and admin started by `npm start` believes it from the
 * loopback, where the web is (scripts/start-all.js).
 */
describe('npm start: its bundled services work together, and the login throttle counts each browser, not the web service that relays them', () => {
  let child: ChildProcess;
  let dataDir: string;
  let webPort: number;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'odontocare-npm-start-'));
    const [admin, citas, web] = [await freePort(), await freePort(), await freePort()];
    webPort = web;
    child = spawn(process.execPath, [join(ROOT, 'scripts', 'start-all.js')], {
      cwd: ROOT,
      env: { ...process.env, ADMIN_PORT: String(admin), CITAS_PORT: String(citas), WEB_PORT: String(web), DATA_DIR: dataDir, LOG_LEVEL: 'warn', TRUST_PROXY: '',
        // its own page, so the browser tests' dist/page is not rebuilt under them
        WEB_PAGE_DIR: join(dataDir, 'page') },
      stdio: 'ignore',
      detached: true,
    });
    const up = (port: number) => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
    const ready = await eventually(async () => (await up(admin)) && (await up(citas)) && (await up(web)), Boolean, { withinMs: 90_000, everyMs: 200 });
    assert.ok(ready, 'npm start did not answer /health within 90 s');
  });
  after(() => {
    if (child?.pid) process.kill(-child.pid, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the bundled services work together: a front desk login, then a day\'s citas through web, citas and admin', async () => {
    const origin = `http://127.0.0.1:${webPort}`;
    const login = await fetch(`${origin}/api/sesion`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ username: 'admin', password: 'OdontoCare2026!' }),
    });
    assert.equal(login.status, 200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    // citas checks the session with admin (its admin client and the published keys) before it answers
    const day = await fetch(`${origin}/api/citas/citas?fecha=2026-01-05`, { headers: { cookie, origin } });
    assert.equal(day.status, 200, await day.clone().text());
    assert.deepEqual(((await day.json()) as { items: unknown[] }).items, []);
  });

  it('one browser that fails 20 logins is refused; a colleague at another address still logs in', async () => {
    for (let i = 0; i < 20; i++) assert.equal(await logInThroughWeb(webPort, '127.0.0.2', `nadie.${i}`, 'Intento-2026-x'), 401, `attempt ${i + 1}`);
    assert.equal(await logInThroughWeb(webPort, '127.0.0.2', 'nadie.20', 'Intento-2026-x'), 429, 'the guessing browser is throttled');
    assert.equal(await logInThroughWeb(webPort, '127.0.0.3', 'admin', 'OdontoCare2026!'), 200, 'the colleague is not');
  });
});
