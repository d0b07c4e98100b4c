import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Migration, openDatabase } from '../../adapters/sqlite/open-database';

/**
 * An older build started on a file a newer build migrated (an operator
 * rolling back an image) must refuse it at start, not serve 500s or misread
 * data later. Numbers are not in the order they were written (citas' 6 and 7
 * came after the agenda's 10 and 11), so the test is "applied but unknown",
 * not "higher than the highest known": here 2 sits between 1 and 3.
 */
const ONE: Migration = { version: 1, name: 'uno', sql: 'CREATE TABLE uno (x INTEGER)' };
const THREE: Migration = { version: 3, name: 'tres', sql: 'CREATE TABLE tres (x INTEGER)' };
const FOUR: Migration = { version: 4, name: 'cuatro', sql: 'CREATE TABLE cuatro (x INTEGER)' };

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A file migrated with 1 and 3, then given 2 as a newer build would have applied it. */
function migratedByNewerBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'odontocare-newer-'));
  dirs.push(dir);
  const file = join(dir, 'svc.db');
  openDatabase(file, [ONE, THREE]).close();
  const newer = new Database(file);
  newer.exec('CREATE TABLE dos (x INTEGER)');
  newer.prepare("INSERT INTO schema_migrations VALUES (2, 'dos', '2030-01-01T00:00:00.000Z')").run();
  newer.close();
  return file;
}

function refusal(file: string, migrations: Migration[]): string {
  try {
    openDatabase(file, migrations).close();
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail('the file was opened');
}

describe('SQLite: a file a newer build migrated is refused at start', () => {
  it('names the unknown migration and says a newer OdontoCare migrated it, in one line', () => {
    const file = migratedByNewerBuild();
    const message = refusal(file, [ONE, THREE]);
    assert.match(message, /\b2\b/);
    assert.match(message, /versión más nueva de OdontoCare/);
    assert.match(message, new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.doesNotMatch(message, /\n/);
  });

  it('refuses before applying anything: the file is byte for byte as it was', () => {
    const file = migratedByNewerBuild();
    const before = readFileSync(file);
    refusal(file, [ONE, THREE, FOUR]);
    assert.ok(before.equals(readFileSync(file)), 'the file changed');
    assert.equal(existsSync(`${file}-wal`), false, 'the refused connection was left open');
    const db = new Database(file, { readonly: true });
    try {
      assert.deepEqual(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(), [1, 2, 3]);
      assert.equal(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'cuatro'").get(), undefined);
    } finally {
      db.close();
    }
  });

  it('leaves a file in rollback-journal mode (as restore puts a backup in place) as it was: refused before the switch to WAL', () => {
    const file = migratedByNewerBuild();
    const restored = new Database(file);
    restored.pragma('journal_mode = DELETE');
    restored.close();
    const before = readFileSync(file);

    refusal(file, [ONE, THREE]);

    assert.ok(before.equals(readFileSync(file)), 'the refused file was switched to WAL');
    const db = new Database(file, { readonly: true });
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'delete');
    } finally {
      db.close();
    }
  });

  it('still opens a file whose every migration this build knows', () => {
    const file = migratedByNewerBuild();
    openDatabase(file, [ONE, { version: 2, name: 'dos', sql: 'CREATE TABLE dos (x INTEGER)' }, THREE]).close();
  });
});
