import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledBuild, runToEnd } from '../support/compiled-service';

/**
 * What the IT person meets when DATA_DIR cannot be the services' folder: a
 * file, a path under a file, a place no folder can be made (/proc), a
 * read-only filesystem. Each service that keeps files there, run as
 * `npm start` runs it (the compiled main.js, a process of its own), ends at
 * once with one line naming DATA_DIR and what to do.
 */

/** A deadline for a service that hangs instead of refusing (the failure this file is about), not a wait. */
const HANG_MS = 20_000;

/** Runs a service's main.js to its end (it must not start) on `dataDir`. */
const start = (app: string, dataDir: string) => runToEnd(app, { DATA_DIR: dataDir, ADMIN_PORT: '0', CITAS_PORT: '0', CITAS_WORKERS: 'false' }, HANG_MS);

const dirs: string[] = [];
const mounts: string[] = [];
before(() => {
  compiledBuild();
});
after(() => {
  for (const mount of mounts) spawnSync('umount', [mount]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const aDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'odontocare-data-dir-'));
  dirs.push(dir);
  return dir;
};

/** A folder on a read-only filesystem: a read-only bind mount of a temp folder (root only). */
function readOnlyFolder(): string | undefined {
  const dir = aDir();
  if (spawnSync('mount', ['--bind', dir, dir]).status !== 0) return undefined;
  mounts.push(dir);
  if (spawnSync('mount', ['-o', 'remount,bind,ro', dir, dir]).status !== 0) return undefined;
  return dir;
}
const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;

const cases: { name: string; dataDir: () => string | undefined; says: RegExp; skip?: string | false }[] = [
  {
    name: 'DATA_DIR is a file',
    dataDir: () => {
      const file = join(aDir(), 'datos');
      writeFileSync(file, '');
      return file;
    },
    says: /no es una carpeta/,
  },
  {
    name: 'DATA_DIR is under a file',
    dataDir: () => {
      const file = join(aDir(), 'datos');
      writeFileSync(file, '');
      return join(file, 'odontocare');
    },
    says: /no es una carpeta/,
  },
  {
    // Node's recursive mkdir spins for ever there: /proc answers ENOENT for the folder, EEXIST for its parent.
    name: 'DATA_DIR is where no folder can be made (/proc/odontocare)',
    dataDir: () => '/proc/odontocare',
    says: /no se puede crear/,
    skip: existsSync('/proc/self') ? false : 'no /proc here',
  },
  {
    name: 'DATA_DIR is on a read-only filesystem (a folder to be made there)',
    dataDir: () => {
      const ro = readOnlyFolder();
      return ro && join(ro, 'odontocare');
    },
    says: /solo lectura/,
    skip: canMount ? false : 'needs root to make a read-only bind mount',
  },
  {
    name: 'DATA_DIR is a folder on a read-only filesystem',
    dataDir: readOnlyFolder,
    says: /solo lectura/,
    skip: canMount ? false : 'needs root to make a read-only bind mount',
  },
];

describe('a service whose DATA_DIR cannot be its folder', { timeout: 240_000 }, () => {
  for (const app of ['admin', 'citas']) {
    for (const c of cases) {
      it(`${app}: ${c.name}: exit 1 at once, one line naming DATA_DIR and what to do; no driver code, no stack`, { skip: c.skip }, async () => {
        const dataDir = c.dataDir();
        assert.ok(dataDir, 'the case could not be set up');

        const ran = await start(app, dataDir);

        assert.equal(ran.code, 1, `ended with ${ran.code} (null: still running after ${HANG_MS} ms): ${ran.stderr}`);
        const lines = ran.stderr.trim().split('\n');
        assert.equal(lines.length, 1, ran.stderr);
        assert.match(lines[0], /\bDATA_DIR\b/);
        assert.ok(lines[0].includes(dataDir), lines[0]);
        assert.match(lines[0], c.says);
        assert.doesNotMatch(lines[0], /errorType|errorCode|E[A-Z]{3,}:/, 'the driver’s words, not the operator’s');
      });
    }
  }
});
