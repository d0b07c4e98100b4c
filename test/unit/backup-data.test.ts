import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adminData } from '../../apps/admin/data-dir';
import { loadAdminConfig } from '../../apps/admin/config';
import { citasData } from '../../apps/citas/data-dir';
import { loadCitasConfig } from '../../apps/citas/config';

/** What each service's backup copies, and what it says lives elsewhere (PostgreSQL, a key file of one's own). */
describe('what the backup commands copy', () => {
  it('on SQLite: admin.db with jwt-keys.json, citas.db', () => {
    const admin = adminData(loadAdminConfig({ DATA_DIR: '/d' }));
    assert.deepEqual([admin.databases.map((d) => d.file), admin.files, admin.elsewhere], [['/d/admin.db'], ['/d/jwt-keys.json'], []]);
    const citas = citasData(loadCitasConfig({ DATA_DIR: '/d' }));
    assert.deepEqual([citas.databases.map((d) => d.file), citas.files, citas.elsewhere], [['/d/citas.db'], [], []]);
  });

  it('on PostgreSQL: the keys only, and pg_dump named for the databases', () => {
    const admin = adminData(loadAdminConfig({ DATA_DIR: '/d', ADMIN_DATABASE_URL: 'postgres://a:b@h/odontocare_admin' }));
    assert.deepEqual([admin.databases, admin.files], [[], ['/d/jwt-keys.json']]);
    assert.match(admin.elsewhere.join(' '), /pg_dump/);
    const citas = citasData(loadCitasConfig({ DATA_DIR: '/d', CITAS_DATABASE_URL: 'postgres://a:b@h/odontocare_citas' }));
    assert.deepEqual([citas.databases, citas.files], [[], []]);
    assert.match(citas.elsewhere.join(' '), /pg_dump/);
  });

  it('with JWT_PRIVATE_KEY_FILE: no keys file to copy, and the key named to keep apart', () => {
    const admin = adminData(loadAdminConfig({ DATA_DIR: '/d', JWT_PRIVATE_KEY_FILE: '/secrets/jwt.pem' }));
    assert.deepEqual(admin.files, []);
    assert.match(admin.elsewhere.join(' '), /\/secrets\/jwt\.pem/);
  });
});
