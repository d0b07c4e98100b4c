import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { adminMigrations } from '../../adapters/sqlite/admin-migrations';
import { type Migration, openDatabase } from '../../adapters/sqlite/open-database';
import { loadCitasConfig } from '../../apps/citas/config';
import { startCitas } from '../../apps/citas/main';
import { citasSqliteMigrations } from '../../apps/citas/modules/sqlite-storage';
import { startTestAdmin } from '../support/admin';

/**
 * What an operator rolling back to an older image meets: the services, as
 * they start, refuse a DATA_DIR whose database a newer build migrated, with
 * the message main.ts prints, instead of serving on a schema they cannot read.
 */
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A DATA_DIR whose `name` this build migrated, then a newer build gave `version` too. */
function dataDirMigratedBeyond(name: string, migrations: Migration[], version: number): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'odontocare-newer-'));
  dirs.push(dataDir);
  openDatabase(join(dataDir, name), migrations).close();
  const newer = new Database(join(dataDir, name));
  newer.prepare("INSERT INTO schema_migrations VALUES (?, 'de una versión más nueva', '2030-01-01T00:00:00.000Z')").run(version);
  newer.close();
  return dataDir;
}

/** The start's error message; a service that starts anyway is closed (so the test ends) and fails the test. */
async function refusalOf(start: () => Promise<{ close(): Promise<void> }>): Promise<string> {
  let service: { close(): Promise<void> };
  try {
    service = await start();
  } catch (err) {
    return (err as Error).message;
  }
  await service.close();
  assert.fail('the service started');
}

describe('a service started on a database a newer build migrated', () => {
  it('citas refuses to start, naming the migration it does not know', async () => {
    // 8 sits between citas' 7 and the agenda's 10: below the highest this build knows.
    assert.ok(!citasSqliteMigrations.some((m) => m.version === 8));
    const dataDir = dataDirMigratedBeyond('citas.db', citasSqliteMigrations, 8);
    const config = loadCitasConfig({ CITAS_PORT: '0', CITAS_HOST: '127.0.0.1', LOG_LEVEL: 'silent', CITAS_WORKERS: 'false', ADMIN_URL: 'http://127.0.0.1:1', DATA_DIR: dataDir });
    assert.match(await refusalOf(() => startCitas(config)), /citas\.db .*\b8\b.*versión más nueva de OdontoCare/);
  });

  it('admin refuses to start, naming the migration it does not know', async () => {
    const unknown = Math.max(...adminMigrations.map((m) => m.version)) + 1;
    const dataDir = dataDirMigratedBeyond('admin.db', adminMigrations, unknown);
    assert.match(await refusalOf(() => startTestAdmin({ DATA_DIR: dataDir })), new RegExp(`admin\\.db .*\\b${unknown}\\b.*versión más nueva de OdontoCare`));
  });
});
