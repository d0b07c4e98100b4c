import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNpmStart } from '../support/npm-start';

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

/** `npm start` with `env` on a DATA_DIR of its own, to its end. */
async function npmStartToEnd(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'odontocare-start-refused-'));
  dirs.push(dataDir);
  return (await startNpmStart(dataDir, env)).ended;
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
