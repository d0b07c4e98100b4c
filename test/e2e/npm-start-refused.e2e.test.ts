import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/free-port';

const ROOT = resolve(__dirname, '..', '..');

/**
 * The IT person's first `npm start` with settings two services refuse (the
 * production check of admin's bootstrap password and of web's session
 * secret, a port that is not a number). Each service judges its own settings;
 * the first to be refused must not stop the others before they have said
 * theirs, or the operator fixes one, starts again, and only then reads the
 * next. Nor is she told to open the page of a start that failed.
 */
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** `npm start` with `env` over free ports and a DATA_DIR of its own, to its end: its exit code and all it said. */
async function npmStartToEnd(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'odontocare-start-refused-'));
  dirs.push(dataDir);
  const base: NodeJS.ProcessEnv = { ...process.env };
  // the defaults, as on a first day (the test's own environment must not set them)
  for (const name of ['NODE_ENV', 'SESSION_SECRET', 'ADMIN_BOOTSTRAP_PASSWORD', 'ADMIN_URL', 'CITAS_URL']) delete base[name];
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start-all.js')], {
    cwd: ROOT,
    env: {
      ...base,
      ADMIN_PORT: String(await freePort()),
      CITAS_PORT: String(await freePort()),
      WEB_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      CITAS_WORKERS: 'false',
      // its own page, so the browser tests' dist/page is not rebuilt under them
      WEB_PAGE_DIR: join(dataDir, 'page'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  return { code, output };
}

describe('npm start refused for its settings', { timeout: 120_000 }, () => {
  it('NODE_ENV=production with both default secrets: both are named at once, exit 1, and no "open the page"', async () => {
    const ran = await npmStartToEnd({ NODE_ENV: 'production' });
    assert.equal(ran.code, 1, ran.output);
    assert.match(ran.output, /\[web\].*SESSION_SECRET/, ran.output);
    assert.match(ran.output, /\[admin\].*ADMIN_BOOTSTRAP_PASSWORD/, ran.output);
    assert.doesNotMatch(ran.output, /abra http/, 'a start that failed is not one to open in the browser');
  });

  it('a port that is not a number: the service it belongs to names it', async () => {
    const ran = await npmStartToEnd({ ADMIN_PORT: 'abc' });
    assert.equal(ran.code, 1, ran.output);
    assert.match(ran.output, /\[admin\].*ADMIN_PORT/, ran.output);
    assert.doesNotMatch(ran.output, /abra http/, ran.output);
  });
});
