import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * What the IT person meets when a port is taken (a second `npm start`, an
 * old process still running, another program): each service, run as
 * `npm start` runs it (the compiled main.js, a process of its own), ends
 * with one line naming the setting, the port and what to do.
 */

const ROOT = resolve(__dirname, '..', '..');
const { compileForStart } = require(join(ROOT, 'scripts', 'compile-for-start.js')) as { compileForStart(root: string): { dir: string } };

/** A port held by another listener for the whole test. */
function occupy(): Promise<{ server: Server; port: number }> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => done({ server, port: (server.address() as { port: number }).port }));
  });
}

/** Runs a service's main.js to its end (it must not start); its exit code and stderr. */
function start(app: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(build, 'apps', app, 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 60_000,
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
  });
}

let build: string;
const dirs: string[] = [];
const held: Server[] = [];
before(() => {
  build = compileForStart(ROOT).dir;
});
after(() => {
  for (const server of held) server.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a service whose port is already in use', { timeout: 120_000 }, () => {
  for (const [app, setting, hostSetting] of [
    ['admin', 'ADMIN_PORT', 'ADMIN_HOST'],
    ['citas', 'CITAS_PORT', 'CITAS_HOST'],
    ['web', 'WEB_PORT', 'WEB_HOST'],
  ]) {
    it(`${app}: exit 1 and one line naming ${setting}, the port, and what to do; no stack trace`, async () => {
      const { server, port } = await occupy();
      held.push(server);
      const dataDir = mkdtempSync(join(tmpdir(), `odontocare-port-${app}-`));
      dirs.push(dataDir);

      const ran = await start(app, { DATA_DIR: dataDir, [setting]: String(port), [hostSetting]: '127.0.0.1', CITAS_WORKERS: 'false' });

      assert.equal(ran.code, 1, ran.stderr);
      const lines = ran.stderr.trim().split('\n');
      assert.equal(lines.length, 1, ran.stderr);
      assert.match(lines[0], new RegExp(`\\b${port}\\b`));
      assert.match(lines[0], new RegExp(`\\b${setting}\\b`));
      assert.match(lines[0], /en uso/);
      assert.match(lines[0], /otro puerto/);
      assert.doesNotMatch(lines[0], /errorType|EADDRINUSE/, 'the driver’s words, not the operator’s');
    });
  }
});
