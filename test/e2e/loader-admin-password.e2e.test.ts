import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestAdmin } from '../support/admin';
import { load } from '../../loader/load';
import { DEFAULT_OPTIONS, generateData, writeData } from '../../loader/generate-data';

/** A production admin is bootstrapped with its own password, not usuarios.csv's development default. */
describe('loader against an admin bootstrapped with another password', () => {
  let admin: Awaited<ReturnType<typeof startTestAdmin>>;
  const dir = mkdtempSync(join(tmpdir(), 'odontocare-carga-'));
  before(async () => {
    admin = await startTestAdmin({ ADMIN_BOOTSTRAP_PASSWORD: 'Produccion-2027' });
    writeData(dir, generateData({ ...DEFAULT_OPTIONS, users: 2, doctors: 1, patients: 1, centers: 1 }));
  });
  after(async () => {
    await admin?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('cannot log in with the CSV password, and can with adminPassword', async () => {
    const refused = await load({ dataDir: dir, adminUrl: admin.url, citasUrl: 'http://127.0.0.1:9', book: false, schedules: false });
    assert.equal(refused.ok, false);
    assert.match(refused.fatal ?? '', /.+/);

    const loaded = await load({ dataDir: dir, adminUrl: admin.url, citasUrl: 'http://127.0.0.1:9', book: false, schedules: false, adminPassword: 'Produccion-2027' });
    assert.equal(loaded.ok, true, loaded.fatal ?? JSON.stringify(loaded.failures));
    assert.equal(loaded.files.find((f) => f.file === 'pacientes.csv')?.created, 1);
  });
});
