import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/free-port';
import { eventually } from '../support/eventually';

const { bundlesFor } = require(join(__dirname, '..', '..', 'scripts', 'bundle-for-start.js')) as { bundlesFor(root: string): { current: boolean } };

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
describe('npm start: its services work together, bundled or file by file, and the login throttle counts each browser, not the web service that relays them', () => {
  let child: ChildProcess;
  let dataDir: string;
  let ports: { admin: number; citas: number; web: number };
  let stderr = '';

  /** npm start on `ports` and `dataDir`, until all three answer /health. */
  async function startAll(): Promise<void> {
    stderr = '';
    child = spawn(process.execPath, [join(ROOT, 'scripts', 'start-all.js')], {
      cwd: ROOT,
      env: { ...process.env, ADMIN_PORT: String(ports.admin), CITAS_PORT: String(ports.citas), WEB_PORT: String(ports.web), DATA_DIR: dataDir, LOG_LEVEL: 'warn', TRUST_PROXY: '',
        // its own page, so the browser tests' dist/page is not rebuilt under them
        WEB_PAGE_DIR: join(dataDir, 'page') },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const up = (port: number) => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
    const ready = await eventually(async () => (await up(ports.admin)) && (await up(ports.citas)) && (await up(ports.web)), Boolean, { withinMs: 90_000, everyMs: 200 });
    assert.ok(ready, `npm start did not answer /health within 90 s: ${stderr.slice(-500)}`);
  }

  async function stopAll(): Promise<void> {
    if (!child?.pid || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }

  /** A front desk login, then a day's citas through web, citas (which checks the session with admin) and admin. */
  async function dayThroughTheDesk(): Promise<void> {
    const origin = `http://127.0.0.1:${ports.web}`;
    const login = await fetch(`${origin}/api/sesion`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ username: 'admin', password: 'OdontoCare2026!' }),
    });
    assert.equal(login.status, 200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const day = await fetch(`${origin}/api/citas/citas?fecha=2026-01-05`, { headers: { cookie, origin } });
    assert.equal(day.status, 200, await day.clone().text());
    assert.deepEqual(((await day.json()) as { items: unknown[] }).items, []);
  }

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'odontocare-npm-start-'));
    ports = { admin: await freePort(), citas: await freePort(), web: await freePort() };
    await startAll();
  });
  after(async () => {
    await stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the services work together: a front desk login, then a day\'s citas through web, citas and admin', dayThroughTheDesk);

  it('one browser that fails 20 logins is refused; a colleague at another address still logs in', async () => {
    for (let i = 0; i < 20; i++) assert.equal(await logInThroughWeb(ports.web, '127.0.0.2', `nadie.${i}`, 'Intento-2026-x'), 401, `attempt ${i + 1}`);
    assert.equal(await logInThroughWeb(ports.web, '127.0.0.2', 'nadie.20', 'Intento-2026-x'), 429, 'the guessing browser is throttled');
    assert.equal(await logInThroughWeb(ports.web, '127.0.0.3', 'admin', 'OdontoCare2026!'), 200, 'the colleague is not');
  });

  it('the next start runs the bundles a start made once its services answered, and they work together too', async () => {
    const bundled = await eventually(async () => bundlesFor(ROOT).current, Boolean, { withinMs: 120_000, everyMs: 250 });
    assert.ok(bundled, `npm start never bundled the services: ${stderr.slice(-500)}`);
    await stopAll();
    await startAll();
    assert.doesNotMatch(stderr, /archivo a archivo/, 'the second start ran file by file');
    await dayThroughTheDesk();
  });
});
