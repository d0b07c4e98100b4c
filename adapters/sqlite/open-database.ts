import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import { ensurePrivateDir, ensurePrivateFile } from '../storage/private-files';

export type Db = Database.Database;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Opens (creating if needed) a service's SQLite file and brings its schema
 * up to date. WAL lets readers run beside the single writer; synchronous=FULL
 * fsyncs every commit so an acknowledged write survives a power cut, not only
 * a process crash (docs/adr/0003-sqlite-durability.md). busy_timeout makes a
 * second process on the same file wait for the write lock instead of failing.
 * A new file is 0600 in a new 0700 folder (adapters/storage/private-files.ts).
 */
export function openDatabase(file: string, migrations: Migration[]): Db {
  if (file !== ':memory:') {
    ensurePrivateDir(dirname(file));
    ensurePrivateFile(file);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

export function migrate(db: Db, migrations: Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const isApplied = db.prepare<[number]>('SELECT 1 FROM schema_migrations WHERE version = ?');
  // applied_at is when this file's schema changed, stamped by SQLite itself in
  // the same format as toISOString(): a fact about the file that no rule reads,
  // so it is not domain time and does not go through the Clock port.
  const record = db.prepare<[number, string]>(
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
  );
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    // Immediate: two processes starting on one file apply each migration once.
    db.transaction(() => {
      if (isApplied.get(m.version)) return;
      db.exec(m.sql);
      record.run(m.version, m.name);
    }).immediate();
  }
}

/** Transactions for use cases: BEGIN IMMEDIATE takes the write lock up front, so a check-then-write cannot interleave with another writer. */
export class SqliteUnitOfWork implements UnitOfWork {
  private readonly transaction;

  constructor(private readonly db: Db) {
    this.transaction = db.transaction((work: () => unknown) => work());
  }

  run<T>(work: () => T): T {
    if (this.db.inTransaction) return work();
    return this.transaction.immediate(work) as T;
  }
}

/** Readiness probe: the file is open and answers a query. */
export function pingDatabase(db: Db): void {
  db.prepare('SELECT 1').get();
}
