import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { closeDatabase, type Migration, openDatabase, serialOf, SqliteUnitOfWork } from '../../adapters/sqlite/open-database';

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
