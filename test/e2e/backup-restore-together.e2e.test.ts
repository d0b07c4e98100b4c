import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fifoFile } from '../support/fifo-file';
import { backupSuite, clockStoppedAt, type Ran, run, startBoth, startRun, type StartedRun } from '../support/npm-backup';

/**
 * `npm run restore` puts both services back as one: after it exits 0 the
 * clinic has citas and admin from the backup, and when it refuses it has
 * both as they were. Citas from the backup beside admin from now (citas
 * whose patient or doctor admin no longer knows, logins that do not match)
 * is the one state a restore must never leave. Real processes on a real
 * DATA_DIR, as the IT person runs them.
 */

/** What the IT person restores: each service's files in DATA_DIR. */
const FILES = ['admin.db', 'citas.db', 'jwt-keys.json'];
/** Each of FILES in `dir`, null where it is missing (what a restore stopped half-way leaves). */
const contentsOf = (dir: string) => Object.fromEntries(FILES.map((f) => [f, existsSync(join(dir, f)) ? readFileSync(join(dir, f)) : null]));
/** Whether this machine lets the test bind-mount a file (root, util-linux's mount). */
const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;

// A hang guard, not a speed target (a machine at load 10+).
describe('npm run restore restores both services or neither', { timeout: 240_000 }, () => {
  const { tempDir } = backupSuite();

  /** A DATA_DIR whose services have run, a backup of it ("antes"), and work done after that backup in both services. */
  async function aClinicWithABackup(): Promise<{ dataDir: string; backup: string; services: Awaited<ReturnType<typeof startBoth>> }> {
    const dataDir = tempDir('together');
    const services = await startBoth(dataDir);
    const token = await services.admin.adminToken();
    const centro = (nombre: string) => services.admin.post('/admin/centros', { nombre, direccion: 'Calle Mayor 1, Madrid' }, token);
    assert.equal((await centro('Centro de antes')).status, 201);
    const copied = await run('backup', ['--name', 'antes'], { DATA_DIR: dataDir });
    assert.equal(copied.code, 0, copied.stderr);
    assert.equal((await centro('Centro de después')).status, 201);
    return { dataDir, backup: join(dataDir, 'backups', 'antes'), services };
  }

  it('both services restored within the same second (the clock stands still): exits 0, both databases and the keys are the backup’s, and what they replaced is in one folder', async () => {
    const { dataDir, backup, services } = await aClinicWithABackup();
    await services.close();
    const now = contentsOf(dataDir);
    const stopped = clockStoppedAt('2026-12-02T04:52:33.250Z');

    const restored = await run('restore', [backup], { DATA_DIR: dataDir, ...stopped });

    assert.equal(restored.code, 0, `${restored.stdout}${restored.stderr}`);
    assert.deepEqual(contentsOf(dataDir), contentsOf(backup), 'DATA_DIR does not hold the backup');
    const setAside = join(dataDir, 'replaced-2026-12-02T045233Z');
    for (const f of FILES) assert.deepEqual(readFileSync(join(setAside, f)), now[f], `${f} set aside`);

    // Again in that same second: the folder already holds what the first run set aside, so it is refused, whole, before anything is moved.
    const again = await run('restore', [backup], { DATA_DIR: dataDir, ...stopped });
    assert.equal(again.code, 1, `${again.stdout}${again.stderr}`);
    assert.equal(again.stderr.trim().split('\n').length, 1, again.stderr);
    assert.match(again.stderr, /replaced-2026-12-02T045233Z/);
    assert.deepEqual(contentsOf(dataDir), contentsOf(backup), 'DATA_DIR changed by the refused run');
    for (const f of FILES) assert.deepEqual(readFileSync(join(setAside, f)), now[f], `${f} set aside by the first run, changed by the second`);
  });

  it('admin still running (only citas stopped): refused in one line naming admin.db, exit 1, and neither service’s files changed or set aside', async () => {
    const { dataDir, backup, services } = await aClinicWithABackup();
    try {
      await services.citas.close();
      const now = contentsOf(dataDir);

      const restored = await run('restore', [backup], { DATA_DIR: dataDir });

      assert.equal(restored.code, 1, `${restored.stdout}${restored.stderr}`);
      assert.equal(restored.stderr.trim().split('\n').length, 1, restored.stderr);
      assert.match(restored.stderr, /admin\.db.*detenga el servicio/);
      assert.deepEqual(contentsOf(dataDir), now, 'citas was restored and admin was not');
      assert.deepEqual(readdirSync(dataDir).filter((f) => f.startsWith('replaced-')), [], 'files were set aside');
    } finally {
      await services.admin.close();
    }
  });

  // "Now" must be what DATA_DIR holds after a failed restore: a restore that fails half-way, with citas from the backup and admin from now
  // (or admin's files set aside and none in their place), is the state this suite is about.
  it('the copy of admin.db fails (a folder stands where it is written, DATA_DIR/admin.db.restoring), after citas.db’s: exit 1, one line saying what failed and that nothing was restored; every file as it was, nothing set aside', async () => {
    const { dataDir, backup, services } = await aClinicWithABackup();
    await services.close();
    const now = contentsOf(dataDir);
    mkdirSync(join(dataDir, 'admin.db.restoring'));
    writeFileSync(join(dataDir, 'admin.db.restoring', 'algo'), '');

    const restored = await run('restore', [backup], { DATA_DIR: dataDir });

    assert.deepEqual(contentsOf(dataDir), now, `DATA_DIR half restored: ${restored.stdout}${restored.stderr}`);
    assert.deepEqual(readdirSync(dataDir).filter((f) => f.startsWith('replaced-')), [], 'a replaced-* folder left behind');
    assert.equal(restored.code, 1, `${restored.stdout}${restored.stderr}`);
    assert.equal(restored.stderr.trim().split('\n').length, 1, restored.stderr);
    assert.match(restored.stderr, /^restore: .*admin\.db.*no se ha restaurado nada/);
  });

  it('jwt-keys.json cannot be moved aside (a file mounted there, as a container’s bind mount of one file), once citas.db and admin.db were: exit 1, one line; both put back where they were, nothing set aside', { skip: canMount ? false : 'needs root to bind-mount a file' }, async () => {
    const { dataDir, backup, services } = await aClinicWithABackup();
    await services.close();
    const keys = join(dataDir, 'jwt-keys.json');
    const mounted = join(dataDir, 'jwt-keys.mounted');
    copyFileSync(keys, mounted);
    assert.equal(spawnSync('mount', ['--bind', mounted, keys]).status, 0, 'mount --bind');
    try {
      const now = contentsOf(dataDir);

      const restored = await run('restore', [backup], { DATA_DIR: dataDir });

      assert.deepEqual(contentsOf(dataDir), now, `DATA_DIR half restored: ${restored.stdout}${restored.stderr}`);
      assert.deepEqual(readdirSync(dataDir).filter((f) => f.startsWith('replaced-')), [], 'a replaced-* folder left behind');
      assert.equal(restored.code, 1, `${restored.stdout}${restored.stderr}`);
      assert.equal(restored.stderr.trim().split('\n').length, 1, restored.stderr);
      assert.match(restored.stderr, /^restore: .*jwt-keys\.json.*no se ha restaurado nada/);
    } finally {
      spawnSync('umount', [keys]);
    }
  });

  it('Ctrl-C while it restores (SIGINT to the whole foreground group, as a terminal sends it): it finishes, both services restored, exit 0, and says so in one line', async () => {
    const { dataDir, backup, services } = await aClinicWithABackup();
    await services.close();
    const copy = contentsOf(backup);
    // The backup's keys, read through a FIFO (test/support/fifo-file.ts): the first read is the checks, before anything
    // is changed; every read after it comes while the restore is under way (on the old code, in admin's command, once
    // citas was restored). Each of those gets a Ctrl-C first.
    const keysFile = join(backup, 'jwt-keys.json');
    rmSync(keysFile);
    let restoring: StartedRun | undefined;
    let interruptions = 0;
    const keysRead = fifoFile(keysFile, copy['jwt-keys.json']!, (n) => {
      if (n === 1) return;
      process.kill(-restoring!.pid, 'SIGINT');
      interruptions += 1;
    });
    restoring = startRun('restore', [backup], { DATA_DIR: dataDir });
    let ended: Ran;
    try {
      ended = await restoring.ended;
    } finally {
      restoring.endLeftovers();
      await keysRead.stop();
      rmSync(keysFile);
      writeFileSync(keysFile, copy['jwt-keys.json']!, { mode: 0o600 });
    }

    assert.ok(interruptions > 0, `the backup was not read after its checks, so nothing was interrupted: ${ended.stdout}${ended.stderr}`);
    assert.deepEqual(contentsOf(dataDir), copy, `DATA_DIR half restored: ${ended.stdout}${ended.stderr}`);
    assert.equal(ended.code, 0, `${ended.stdout}${ended.stderr}`);
    assert.equal(ended.stderr.trim().split('\n').length, 1, ended.stderr);
    assert.match(ended.stderr, /^restore: .*SIGINT.*terminado/);
  });
});
