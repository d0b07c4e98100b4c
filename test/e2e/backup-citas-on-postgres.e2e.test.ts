import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCK_FILE } from '../../adapters/sqlite/backup-lock';
import { startTestAdmin } from '../support/admin';
import { backupSuite, type Ran, run } from '../support/npm-backup';

/**
 * Citas on PostgreSQL (CITAS_DATABASE_URL), admin on its SQLite file in
 * DATA_DIR: `npm run backup` and `npm run restore` on one DATA_DIR, as the
 * README's crontab line runs them. Citas's database is pg_dump's to copy;
 * what DATA_DIR holds (admin.db, jwt-keys.json) is still the commands' to
 * copy, prune and restore. No PostgreSQL is needed: neither command
 * connects to it, the setting alone says where citas keeps its data.
 */

const CITAS_ON_POSTGRES = { CITAS_DATABASE_URL: 'postgres://citas:secreto@127.0.0.1:1/odontocare_citas' };
const ADMIN_FILES = ['admin.db', 'jwt-keys.json'];

describe('npm run backup / restore with citas on PostgreSQL and admin on SQLite', { timeout: 60_000 }, () => {
  const { tempDir } = backupSuite();

  it('--keep 2 every night copies admin, prunes its old copies, says in one line that citas is pg_dump’s, and exits 0', async () => {
    const dataDir = tempDir('citas-pg');
    const admin = await startTestAdmin({ DATA_DIR: dataDir });
    try {
      const env = { DATA_DIR: dataDir, ...CITAS_ON_POSTGRES };
      const backups = join(dataDir, 'backups');
      const nights: Ran[] = [];
      for (const night of ['2020-01-01T020000Z', '2020-01-02T020000Z', '2020-01-03T020000Z']) {
        nights.push(await run('backup', ['--keep', '2', '--name', night], env));
      }

      for (const [i, ran] of nights.entries()) {
        assert.equal(ran.code, 0, `night ${i + 1}: ${ran.stderr}`);
        assert.equal(ran.stderr, '', `night ${i + 1}`);
        assert.deepEqual(ran.stdout.match(/^citas: .*$/gm), ['citas: la base de datos es PostgreSQL (CITAS_DATABASE_URL): cópiela con pg_dump (docs/docker.md).'], `night ${i + 1}`);
      }
      assert.deepEqual(readdirSync(backups).sort(), ['2020-01-02T020000Z', '2020-01-03T020000Z']);
      for (const kept of readdirSync(backups)) assert.deepEqual(readdirSync(join(backups, kept)).sort(), ADMIN_FILES, kept);
      assert.deepEqual(nights[2].stdout.match(/^.*borrada.*$/gm), [`admin: borrada la copia antigua ${join(backups, '2020-01-01T020000Z')}`]);
    } finally {
      await admin.close();
    }
  });

  it('restore puts admin’s files in place and says that citas is pg_dump’s, exit 0', async () => {
    const dataDir = tempDir('citas-pg-live');
    const admin = await startTestAdmin({ DATA_DIR: dataDir });
    const backup = join(tempDir('citas-pg-usb'), 'copia');
    try {
      const made = await run('backup', ['--to', backup], { DATA_DIR: dataDir, ...CITAS_ON_POSTGRES });
      assert.equal(made.code, 0, made.stderr);
    } finally {
      await admin.close();
    }

    const freshDir = join(tempDir('citas-pg-restored'), 'data');
    const restored = await run('restore', [backup], { DATA_DIR: freshDir, ...CITAS_ON_POSTGRES });

    assert.equal(restored.code, 0, restored.stderr);
    // Admin's files, and the backup lock the restore held (left in DATA_DIR, free, as every run leaves it).
    assert.deepEqual(readdirSync(freshDir).sort(), [...ADMIN_FILES, LOCK_FILE].sort());
    assert.deepEqual(readFileSync(join(freshDir, 'jwt-keys.json')), readFileSync(join(backup, 'jwt-keys.json')));
    assert.match(restored.stdout, /^citas: la base de datos es PostgreSQL \(CITAS_DATABASE_URL\)/m);
  });
});
