import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledBuild, runToEnd } from '../support/compiled-service';

/**
 * What the IT person meets when a port is taken (a second `npm start`, an
 * old process still running, another program): each service, run as
 * `npm start` runs it (the compiled main.js, a process of its own), ends
 * with one line naming the setting, the port and what to do.
 */

/** A port held by another listener for the whole test. */
function occupy(): Promise<{ server: Server; port: number }> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => done({ server, port: (server.address() as { port: number }).port }));
  });
}

/** Runs a service's main.js to its end (it must not start). */
const start = (app: string, env: Record<string, string>) => runToEnd(app, env, 60_000);

const dirs: string[] = [];
const held: Server[] = [];
before(() => {
  compiledBuild();
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

  // A start refused for its port must leave no state behind: admin used to create its database, its keys and
  // the bootstrap admin first, citas its database, then find the port taken.
  for (const [app, setting, hostSetting] of [
    ['admin', 'ADMIN_PORT', 'ADMIN_HOST'],
    ['citas', 'CITAS_PORT', 'CITAS_HOST'],
  ]) {
    it(`${app}: refused before it writes anything (DATA_DIR is not even created)`, async () => {
      const { server, port } = await occupy();
      held.push(server);
      const parent = mkdtempSync(join(tmpdir(), `odontocare-port-nothing-${app}-`));
      dirs.push(parent);
      const dataDir = join(parent, 'datos');

      const ran = await start(app, { DATA_DIR: dataDir, [setting]: String(port), [hostSetting]: '127.0.0.1', CITAS_WORKERS: 'false' });

      assert.equal(ran.code, 1, ran.stderr);
      assert.match(ran.stderr, /en uso/);
      assert.equal(existsSync(dataDir), false, `${app} wrote into DATA_DIR before it found its port taken`);
    });
  }
});
