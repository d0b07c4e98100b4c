import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupSuite, type Ran, run, startBoth } from '../support/npm-backup';

/**
 * `npm run backup` and `npm run restore` on a DATA_DIR that cannot be the
 * services' folder: one that does not exist, a file, a read-only
 * filesystem. Each is refused at once in one line naming DATA_DIR and what
 * to do, in the words the services use when they refuse to start on it
 * (adapters/storage/data-dir.ts), not the system's (EROFS: …). Real
 * processes, as the IT person runs them.
 */

/** Whether this machine lets the test make a read-only bind mount (root, util-linux's mount). */
const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;

/** What a refusal of DATA_DIR must be: exit 1, one line naming DATA_DIR and the folder, saying `says`, without the driver's code. */
function assertRefused(ran: Ran, dataDir: string, says: RegExp): void {
  assert.equal(ran.code, 1, `${ran.stdout}${ran.stderr}`);
  const lines = ran.stderr.trim().split('\n');
  assert.equal(lines.length, 1, ran.stderr);
  assert.match(lines[0], /\bDATA_DIR\b/);
  assert.ok(lines[0].includes(dataDir), lines[0]);
  assert.match(lines[0], says);
  assert.doesNotMatch(lines[0], /errorType|errorCode|E[A-Z]{3,}:/, 'the system’s words, not the operator’s');
}

describe('npm run backup / restore on a DATA_DIR that cannot be the services’ folder', { timeout: 240_000 }, () => {
  const { tempDir } = backupSuite();

  /** Runs `work` with `dir` mounted read-only over itself (the services' folder on a read-only volume). */
  async function readOnly(dir: string, work: () => Promise<void>): Promise<void> {
    assert.equal(spawnSync('mount', ['--bind', dir, dir]).status, 0, 'mount --bind');
    try {
      assert.equal(spawnSync('mount', ['-o', 'remount,bind,ro', dir, dir]).status, 0, 'mount -o remount,ro');
      await work();
    } finally {
      spawnSync('umount', [dir]);
    }
  }

  it('backup, DATA_DIR does not exist: refused in one line naming DATA_DIR, and not created', async () => {
    const dataDir = join(tempDir('no-data-dir'), 'datos');

    assertRefused(await run('backup', [], { DATA_DIR: dataDir }), dataDir, /no existe/);
    assert.equal(existsSync(dataDir), false);
  });

  it('backup and restore, DATA_DIR is a file: refused in one line naming DATA_DIR', async () => {
    const dataDir = join(tempDir('file-data-dir'), 'datos');
    writeFileSync(dataDir, '');

    assertRefused(await run('backup', [], { DATA_DIR: dataDir }), dataDir, /no es una carpeta/);
    assertRefused(await run('restore', [tempDir('some-backup')], { DATA_DIR: dataDir }), dataDir, /no es una carpeta/);
  });

  it('backup and restore, the services’ DATA_DIR on a read-only filesystem: refused in one line naming DATA_DIR', { skip: canMount ? false : 'needs root to make a read-only bind mount' }, async () => {
    const dataDir = tempDir('ro-data-dir');
    const services = await startBoth(dataDir);
    await services.close();
    const copied = await run('backup', ['--name', 'antes'], { DATA_DIR: dataDir });
    assert.equal(copied.code, 0, copied.stderr);

    await readOnly(dataDir, async () => {
      assertRefused(await run('backup', ['--to', join(tempDir('usb'), 'copia')], { DATA_DIR: dataDir }), dataDir, /solo lectura/);
      assertRefused(await run('restore', [join(dataDir, 'backups', 'antes')], { DATA_DIR: dataDir }), dataDir, /solo lectura/);
    });
  });
});
