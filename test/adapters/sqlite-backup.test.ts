import { after, describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { backUp, BackupError, checkBackup, type DataFiles, restore } from '../../adapters/sqlite/backup';
import { closeDatabase, type Migration, openDatabase } from '../../adapters/sqlite/open-database';

const MIGRATIONS: Migration[] = [{ version: 1, name: 'notas', sql: 'CREATE TABLE notas (texto TEXT NOT NULL)' }];

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'odontocare-backup-'));
  dirs.push(dir);
  return dir;
}

/** A service's DATA_DIR with one database (two committed rows) and one plain file. */
function aService(): { data: DataFiles; db: Database.Database } {
  const dataDir = join(tempDir(), 'data');
  const db = openDatabase(join(dataDir, 'svc.db'), MIGRATIONS);
  db.prepare("INSERT INTO notas VALUES ('uno'), ('dos')").run();
  writeFileSync(join(dataDir, 'keys.json'), '{"clave":1}', { mode: 0o600 });
  return { db, data: { dataDir, databases: [{ file: join(dataDir, 'svc.db'), migrations: MIGRATIONS }], files: [join(dataDir, 'keys.json')] } };
}

function rowsOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT texto FROM notas ORDER BY rowid').pluck().all() as string[];
  } finally {
    db.close();
  }
}

describe('SQLite backup (adapters/sqlite/backup.ts)', () => {
  it('copies what is committed while another connection holds an open write, without waiting for it; private files', async () => {
    const { data, db } = aService();
    const writer = new Database(data.databases[0].file);
    writer.prepare('BEGIN IMMEDIATE').run();
    writer.prepare("INSERT INTO notas VALUES ('sin confirmar')").run();
    const dest = join(tempDir(), 'copia');

    const written = await backUp(data, dest);

    writer.prepare('COMMIT').run();
    writer.close();
    await closeDatabase(db);
    assert.deepEqual(written.sort(), [join(dest, 'keys.json'), join(dest, 'svc.db')]);
    assert.deepEqual(rowsOf(join(dest, 'svc.db')), ['uno', 'dos']);
    assert.equal(readFileSync(join(dest, 'keys.json'), 'utf8'), '{"clave":1}');
    assert.equal(statSync(dest).mode & 0o777, 0o700);
    for (const f of readdirSync(dest)) assert.equal(statSync(join(dest, f)).mode & 0o777, 0o600, f);
  });

  it('refuses to overwrite an existing backup and leaves it as it was', async () => {
    const { data, db } = aService();
    const dest = join(tempDir(), 'copia');
    mkdirSync(dest);
    writeFileSync(join(dest, 'svc.db'), 'una copia anterior');
    await assert.rejects(backUp(data, dest), (err: Error) => err instanceof BackupError && /ya existe/.test(err.message));
    await closeDatabase(db);
    assert.equal(readFileSync(join(dest, 'svc.db'), 'utf8'), 'una copia anterior');
  });

  it('refuses a database that is not there, without creating an empty one in its place or leaving a partial copy', async () => {
    const dataDir = tempDir();
    const data: DataFiles = { dataDir, databases: [{ file: join(dataDir, 'svc.db'), migrations: MIGRATIONS }], files: [] };
    const dest = join(tempDir(), 'copia');
    await assert.rejects(backUp(data, dest), (err: Error) => err instanceof BackupError && /svc\.db/.test(err.message));
    assert.equal(existsSync(join(dataDir, 'svc.db')), false);
    assert.equal(existsSync(join(dest, 'svc.db')), false);
  });

  it('checks a backup: a damaged file, a schema newer than this build, a missing file are refused', async () => {
    const { data, db } = aService();
    const dest = join(tempDir(), 'copia');
    await backUp(data, dest);
    await closeDatabase(db);
    assert.doesNotThrow(() => checkBackup(data, dest));

    const newer = join(tempDir(), 'newer');
    await backUp(data, newer);
    const n = new Database(join(newer, 'svc.db'));
    n.prepare("INSERT INTO schema_migrations VALUES (2, 'futura', '2030-01-01T00:00:00.000Z')").run();
    n.close();
    assert.throws(() => checkBackup(data, newer), (err: Error) => err instanceof BackupError && /2/.test(err.message) && /1/.test(err.message));

    // Citas numbers the agenda's migrations 10 and 11: a backup from a build with citas' 7 still has 11 as its highest.
    const gap = join(tempDir(), 'gap');
    await backUp(data, gap);
    const g = new Database(join(gap, 'svc.db'));
    g.prepare("INSERT INTO schema_migrations VALUES (10, 'de esta versión', '2030-01-01T00:00:00.000Z')").run();
    g.prepare("INSERT INTO schema_migrations VALUES (7, 'futura', '2030-01-01T00:00:00.000Z')").run();
    g.close();
    const knowsTen: DataFiles = { ...data, databases: [{ ...data.databases[0], migrations: [...MIGRATIONS, { version: 10, name: 'de esta versión', sql: 'SELECT 1' }] }] };
    assert.throws(() => checkBackup(knowsTen, gap), (err: Error) => err instanceof BackupError && /\b7\b/.test(err.message));

    const damaged = join(tempDir(), 'damaged');
    mkdirSync(damaged);
    writeFileSync(join(damaged, 'svc.db'), Buffer.alloc(8192, 7));
    writeFileSync(join(damaged, 'keys.json'), '{}');
    assert.throws(() => checkBackup(data, damaged), (err: Error) => err instanceof BackupError && /svc\.db/.test(err.message));

    const incomplete = join(tempDir(), 'incomplete');
    await backUp({ ...data, files: [] }, incomplete);
    assert.throws(() => checkBackup(data, incomplete), (err: Error) => err instanceof BackupError && /keys\.json/.test(err.message));
  });

  it('restores into DATA_DIR, setting the files it replaces aside (with their -wal and -shm) instead of deleting them', async () => {
    const { data, db } = aService();
    const dest = join(tempDir(), 'copia');
    await backUp(data, dest);
    db.prepare("INSERT INTO notas VALUES ('después de la copia')").run();
    db.close();
    // What a crashed service leaves beside its file: replayed onto the restored file, a -wal would corrupt it.
    writeFileSync(`${data.databases[0].file}-wal`, 'wal de otra base');
    writeFileSync(`${data.databases[0].file}-shm`, 'shm de otra base');

    const [result] = restore([data], dest, '2026-12-01T100000Z');

    assert.deepEqual(rowsOf(data.databases[0].file), ['uno', 'dos']);
    assert.equal(existsSync(`${data.databases[0].file}-wal`), false);
    assert.equal(existsSync(`${data.databases[0].file}-shm`), false);
    assert.equal(result.setAside, join(data.dataDir, 'replaced-2026-12-01T100000Z'));
    assert.deepEqual(readdirSync(result.setAside!).sort(), ['keys.json', 'svc.db', 'svc.db-shm', 'svc.db-wal']);
    for (const f of ['svc.db', 'keys.json']) assert.equal(statSync(join(data.dataDir, f)).mode & 0o777, 0o600, f);
  });

  it('sets aside into the replaced-<stamp> folder another service’s restore made with the same stamp; refused, touching nothing, when that folder already holds one of its files', async () => {
    const { data, db } = aService();
    const dest = join(tempDir(), 'copia');
    await backUp(data, dest);
    await closeDatabase(db);
    // The other service on the same DATA_DIR (admin beside citas), restored first, in the same second.
    const other: DataFiles = { dataDir: data.dataDir, databases: [], files: [join(data.dataDir, 'otro.json')] };
    writeFileSync(other.files[0], '{"otro":"ahora"}');
    writeFileSync(join(dest, 'otro.json'), '{"otro":"copia"}');
    restore([other], dest, '2026-12-01T100000Z');

    const [result] = restore([data], dest, '2026-12-01T100000Z');

    assert.equal(result.setAside, join(data.dataDir, 'replaced-2026-12-01T100000Z'));
    assert.deepEqual(readdirSync(result.setAside!).sort(), ['keys.json', 'otro.json', 'svc.db']);
    assert.deepEqual(rowsOf(data.databases[0].file), ['uno', 'dos']);

    // A third restore in that second would set svc.db aside over the one already there: refused before anything moves.
    const before = readFileSync(join(result.setAside!, 'svc.db'));
    assert.throws(
      () => restore([data], dest, '2026-12-01T100000Z'),
      (err: Error) => err instanceof BackupError && err.message.includes(join(result.setAside!, 'svc.db')),
    );
    assert.deepEqual(readFileSync(join(result.setAside!, 'svc.db')), before);
    assert.deepEqual(readdirSync(data.dataDir).filter((f) => !f.startsWith('replaced-')).sort(), ['keys.json', 'otro.json', 'svc.db']);
  });

  it('restores into a DATA_DIR that does not exist yet, and touches nothing when the backup is refused', async () => {
    const { data, db } = aService();
    const dest = join(tempDir(), 'copia');
    await backUp(data, dest);
    await closeDatabase(db);

    const fresh = { ...data, dataDir: join(tempDir(), 'nuevo'), databases: [{ file: '', migrations: MIGRATIONS }], files: [''] };
    fresh.databases[0].file = join(fresh.dataDir, 'svc.db');
    fresh.files[0] = join(fresh.dataDir, 'keys.json');
    const [result] = restore([fresh], dest, 'x');
    assert.equal(result.setAside, undefined);
    assert.deepEqual(rowsOf(fresh.databases[0].file), ['uno', 'dos']);
    assert.equal(statSync(fresh.dataDir).mode & 0o777, 0o700);

    writeFileSync(join(dest, 'svc.db'), Buffer.alloc(8192, 7));
    assert.throws(() => restore([data], dest, 'y'), BackupError);
    assert.deepEqual(readdirSync(data.dataDir).sort(), ['keys.json', 'svc.db']);
    assert.deepEqual(rowsOf(data.databases[0].file), ['uno', 'dos']);
  });

  it('refuses to restore over a database another process still has open (the service not stopped), and restores once it has gone', { skip: process.platform !== 'linux' && 'reads /proc/locks (Linux)' }, async () => {
    const { data, db } = aService();
    const dest = join(tempDir(), 'copia');
    await backUp(data, dest);
    await closeDatabase(db);
    // The running service: another process with the file open, idle between requests.
    const open = `const db = new (require(${JSON.stringify(require.resolve('better-sqlite3'))}))(${JSON.stringify(data.databases[0].file)}); db.prepare('SELECT 1').get(); process.send('open'); setInterval(() => {}, 1000);`;
    const service = spawn(process.execPath, ['-e', open], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    try {
      await new Promise((done) => service.once('message', done));
      assert.throws(
        () => restore([data], dest, 'mientras'),
        (err: Error) => err instanceof BackupError && /abierta por otro proceso/.test(err.message) && err.message.includes(data.databases[0].file),
      );
      assert.deepEqual(readdirSync(data.dataDir).filter((f) => !f.startsWith('svc.db-')).sort(), ['keys.json', 'svc.db'], 'nothing set aside, nothing replaced');
    } finally {
      service.kill('SIGKILL');
      await new Promise((done) => service.once('exit', done));
    }
    const [result] = restore([data], dest, 'detenido');
    assert.ok(result.setAside);
    assert.deepEqual(rowsOf(data.databases[0].file), ['uno', 'dos']);
  });
});
