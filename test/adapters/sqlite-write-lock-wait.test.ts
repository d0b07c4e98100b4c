import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { adminMigrations } from '../../adapters/sqlite/admin-migrations';
import { citasMigrations } from '../../adapters/sqlite/citas-migrations';
import { closeDatabase, type Db, type Migration, openDatabase, serialOf, SqliteUnitOfWork } from '../../adapters/sqlite/open-database';
import { SqliteOutbox } from '../../adapters/sqlite/sqlite-outbox';
import { SqliteRevokedTokens } from '../../adapters/sqlite/sqlite-revoked-tokens';

const MIGRATIONS: Migration[] = [{ version: 1, name: 'notas', sql: 'CREATE TABLE notas (texto TEXT NOT NULL)' }];

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The event loop's next turn, in ms from `since`: how long this process could answer nothing else. */
const nextTurn = (since: number) => new Promise<number>((done) => setImmediate(() => done(performance.now() - since)));

/**
 * An operator's `sqlite3` shell left in a transaction holds the file's write
 * lock. A unit of work (a booking) waiting for it used to wait inside SQLite
 * (busy_timeout, 5 s), on the event loop's thread: health checks, reads,
 * everything froze meanwhile. It waits between short tries instead, and the
 * process answers in between.
 */
describe('a unit of work waiting for another process’s write lock (adapters/sqlite/open-database.ts)', () => {
  it('leaves the event loop free and reads answered while it waits, then commits once the lock is let go', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'odontocare-write-lock-'));
    dirs.push(dir);
    const file = join(dir, 'svc.db');
    const db = openDatabase(file, MIGRATIONS);
    const shell = new Database(file); // another process's connection: outside this process's gate
    try {
      shell.exec('BEGIN IMMEDIATE');
      const started = performance.now();
      const write = new SqliteUnitOfWork(db)
        .run(async () => {
          db.prepare("INSERT INTO notas (texto) VALUES ('cita')").run();
        })
        .then(() => 'committed', (err: Error) => err.message);

      const frozenMs = await nextTurn(started);
      const read = await serialOf(db).call(() => db.prepare('SELECT COUNT(*) FROM notas').pluck().get());
      const readMs = performance.now() - started;
      shell.exec('COMMIT'); // the operator ends the transaction

      const outcome = await write;
      assert.ok(frozenMs < 500, `the event loop waited ${frozenMs.toFixed(0)} ms for another process’s lock`);
      assert.equal(outcome, 'committed');
      assert.equal(read, 0);
      assert.ok(readMs < 1000, `a read waited ${readMs.toFixed(0)} ms behind the waiting write`);
      assert.equal(db.prepare('SELECT COUNT(*) FROM notas').pluck().get(), 1, 'the write went in once');
    } finally {
      shell.close();
      await closeDatabase(db);
    }
  });
});

/**
 * Writes outside a use case's unit of work (a logout's revocation, the
 * reminder worker's claim) waited for another process's lock inside SQLite,
 * for all of busy_timeout: a logout behind an operator's open `sqlite3`
 * shell froze the whole process for 5 s and then failed with 503.
 */
describe('a single write waiting for another process’s write lock (adapters/sqlite/open-database.ts)', () => {
  const NOW = new Date('2026-12-03T10:00:00Z');
  const cases: Array<{
    what: string;
    migrations: Migration[];
    seed?: (shell: Database.Database) => void;
    write: (db: Db) => Promise<unknown>;
    written: (db: Db) => unknown;
  }> = [
    {
      what: 'a logout’s token revocation (admin.db)',
      migrations: adminMigrations,
      write: (db) => new SqliteRevokedTokens(db).revoke('token-1', new Date('2026-12-03T11:00:00Z'), NOW),
      written: (db) => db.prepare('SELECT COUNT(*) FROM revoked_tokens').pluck().get(),
    },
    {
      what: 'the reminder worker’s claim (citas.db)',
      migrations: citasMigrations,
      // One reminder due, written by the shell without its cita: a claim reads only the outbox.
      seed: (shell) => {
        shell.pragma('foreign_keys = OFF');
        shell.exec(`INSERT INTO outbox (tipo, id_cita, due_at, payload, next_attempt_at) VALUES ('recordatorio', 1, 0, '{}', 0)`);
      },
      write: (db) => new SqliteOutbox(db).claimDue(NOW, 10, new Date('2026-12-03T10:01:00Z')),
      written: (db) => db.prepare('SELECT COUNT(*) FROM outbox WHERE locked_until IS NOT NULL').pluck().get(),
    },
  ];
  for (const c of cases) {
    it(`${c.what}: leaves the event loop free while it waits, then goes in once the lock is let go`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'odontocare-write-lock-'));
      dirs.push(dir);
      const file = join(dir, 'svc.db');
      const db = openDatabase(file, c.migrations);
      const shell = new Database(file); // another process's connection: outside this process's gate
      try {
        c.seed?.(shell);
        shell.exec('BEGIN IMMEDIATE');
        const started = performance.now();
        const write = c.write(db).then(
          () => 'written',
          (err: Error) => err.message,
        );
        const frozenMs = await nextTurn(started);
        shell.exec('COMMIT'); // the operator ends the transaction

        const outcome = await write;
        assert.ok(frozenMs < 500, `the event loop waited ${frozenMs.toFixed(0)} ms for another process’s lock`);
        assert.equal(outcome, 'written');
        assert.equal(c.written(db), 1, 'the write went in once');
      } finally {
        shell.close();
        await closeDatabase(db);
      }
    });
  }
});
