import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { citasMigrations } from '../../adapters/sqlite/citas-migrations';
import { openDatabase } from '../../adapters/sqlite/open-database';
import { startTestAdmin } from '../support/admin';

const modeOf = (path: string) => `0${(statSync(path).mode & 0o777).toString(8)}`;

/**
 * admin.db holds password hashes and jwt-keys.json the signing keys: another
 * local account must not read them. The data folder a service creates is
 * 0700 and every file in it 0600, whatever the process umask.
 */
describe('data files are private to the service account', () => {
  it('admin creates DATA_DIR 0700, and admin.db (with its WAL) and jwt-keys.json 0600', async () => {
    const root = mkdtempSync(join(tmpdir(), 'odontocare-modes-'));
    const dataDir = join(root, 'nuevo', 'data');
    try {
      const admin = await startTestAdmin({ DATA_DIR: dataDir });
      try {
        await admin.adminToken(); // a write after start: the WAL exists
        const files = ['admin.db', 'admin.db-wal', 'admin.db-shm', 'jwt-keys.json'].filter((f) => existsSync(join(dataDir, f)));
        assert.ok(files.includes('admin.db-wal'), 'WAL mode leaves a -wal file to check');
        assert.deepEqual(
          { dir: modeOf(dataDir), ...Object.fromEntries(files.map((f) => [f, modeOf(join(dataDir, f))])) },
          { dir: '0700', ...Object.fromEntries(files.map((f) => [f, '0600'])) },
        );
      } finally {
        await admin.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('citas.db is created 0600 in a new 0700 folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'odontocare-modes-'));
    const dataDir = join(root, 'citas-data');
    try {
      const db = openDatabase(join(dataDir, 'citas.db'), citasMigrations);
      db.close();
      assert.deepEqual({ dir: modeOf(dataDir), db: modeOf(join(dataDir, 'citas.db')) }, { dir: '0700', db: '0600' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
