import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupSuite, clockStoppedAt, run, startBoth } from '../support/npm-backup';

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
const contentsOf = (dir: string) => Object.fromEntries(FILES.map((f) => [f, readFileSync(join(dir, f))]));

describe('npm run restore restores both services or neither', { timeout: 90_000 }, () => {
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
});
