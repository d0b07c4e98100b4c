import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';

const ROOT = resolve(__dirname, '..', '..');
const PASSWORD = 'Bootstrap2026pool';

interface Admin {
  child: ChildProcess;
  url: string;
  dataDir: string;
}

/** The admin process as `npm start` runs it (its main), with the given hashing setting. */
async function startAdminProcess(concurrency: number): Promise<Admin> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'odontocare-hash-pool-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ADMIN_PORT: String(port), ADMIN_HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  delete env.UV_THREADPOOL_SIZE;
  Object.assign(env, { PASSWORD_HASH_CONCURRENCY: String(concurrency), ADMIN_BOOTSTRAP_PASSWORD: PASSWORD });
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'apps', 'admin', 'main.ts')], { cwd: ROOT, env, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const ready = await eventually(() => fetch(`${url}/ready`).then((r) => r.ok, () => false), Boolean, { withinMs: 60_000, everyMs: 100 });
  assert.ok(ready, 'admin did not become ready');
  return { child, url, dataDir };
}

const logIn = (url: string) =>
  fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) }).then((r) => r.status);

const threadsOf = (child: ChildProcess): number => readdirSync(`/proc/${child.pid}/task`).length;

/**
 * PASSWORD_HASH_CONCURRENCY is how many password hashes admin computes at
 * once, and admin sizes libuv's thread pool (where they run) to it: a pool
 * with spare threads hashes slower (adapters/security/argon2-password-hasher.ts).
 * libuv sizes the pool once, when it first gets work, so this holds only if
 * admin's main sizes it before anything else gives the pool work: a change
 * that reads a file asynchronously at start-up would silently undo it.
 */
describe('admin: the password-hashing setting sizes the thread pool the hashes run on', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  const started: Admin[] = [];
  after(() => {
    for (const a of started) {
      a.child.kill('SIGKILL');
      rmSync(a.dataDir, { recursive: true, force: true });
    }
  });

  it('one more hash at once is one more pool thread, once logins have started the pool', async () => {
    const [one, three] = await Promise.all([startAdminProcess(1), startAdminProcess(3)]);
    started.push(one, three);
    for (const admin of [one, three]) assert.deepEqual(await Promise.all([logIn(admin.url), logIn(admin.url)]), [200, 200]);
    assert.equal(threadsOf(three.child) - threadsOf(one.child), 2);
  });
});
