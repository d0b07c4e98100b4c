import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledBuild, runToEnd } from '../support/compiled-service';

/**
 * A start refused for a setting found wrong only once the service tried to
 * use it (a database that does not answer, the page not built): run as `npm
 * start` runs it, the service says what is wrong in the operator's words
 * alone, as it does for a bad value in the environment, without the
 * internal kind of error tacked on (`{ errorType: 'ConfigError', ... }`).
 */
const dirs: string[] = [];
before(() => {
  compiledBuild();
});
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a start refused for a setting the service could not use', { timeout: 120_000 }, () => {
  for (const [app, setting, env] of [
    ['citas', 'CITAS_DATABASE_URL', { CITAS_DATABASE_URL: 'postgres://odontocare:clave-secreta@127.0.0.1:1/citas' }],
    ['admin', 'ADMIN_DATABASE_URL', { ADMIN_DATABASE_URL: 'postgres://odontocare:clave-secreta@127.0.0.1:1/admin' }],
    ['web', 'WEB_PAGE_DIR', { WEB_PAGE_DIR: join(tmpdir(), 'odontocare-no-such-page') }],
  ] as const) {
    it(`${app}: exit 1, the message naming ${setting} and nothing after it`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), `odontocare-refused-${app}-`));
      dirs.push(dataDir);
      const ran = await runToEnd(app, { DATA_DIR: dataDir, ADMIN_PORT: '0', CITAS_PORT: '0', WEB_PORT: '0', CITAS_WORKERS: 'false', ...env }, 60_000);
      assert.equal(ran.code, 1, ran.stderr);
      assert.match(ran.stderr, new RegExp(`\\b${setting}\\b`));
      assert.doesNotMatch(ran.stderr, /errorType|errorCode/, 'the operator’s words, not the error’s kind');
      assert.doesNotMatch(ran.stderr, /clave-secreta/, 'never the password');
    });
  }
});
