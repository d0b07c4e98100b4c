import { dirname, resolve } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import { ensurePrivateDir, ensurePrivateFile } from '../storage/private-files';
import { refuseNewerSchema } from '../storage/schema-versions';
import { SerialTransactions, type TransactionSteps } from '../storage/serial-transactions';
import { StorageUnavailableError } from '../storage/storage-unavailable';

export type Db = Database.Database;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * Fills what SQL cannot compute, after `sql`, in the same transaction (a
   * column holding a core/domain function of another: SQLite cannot strip
   * accents). The released text pinned by the tests is `sql`.
   */
  backfill?: (db: Db) => void;
}

/**
 * Opens (creating if needed) a service's SQLite file and brings its schema
 * up to date. WAL lets readers run beside the single writer; synchronous=FULL
 * fsyncs every commit so an acknowledged write survives a power cut, not only
 * a process crash (docs/adr/0003-sqlite-durability.md). busy_timeout makes a
 * second process on the same file wait for the write lock instead of failing.
 * A new file is 0600 in a new 0700 folder (adapters/storage/private-files.ts).
 */
/** How long a statement waits for another process's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * A statement that waited all of BUSY_TIMEOUT_MS for another process's lock
 * (a sqlite3 shell left in a transaction, another process on the file)
 * found a database that cannot serve now, as PostgreSQL's unreachable server
 * is: 503 with Retry-After, not a 500 for a request that was fine. Every
 * storage call and transaction step goes through the file's gate, which
 * applies this (serialOf).
 */
function storageError(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY') ? new StorageUnavailableError(err) : err;
}
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * How long BEGIN IMMEDIATE waits for another process's write lock inside
 * SQLite at a time. That wait blocks the event loop's thread: at the full
 * busy_timeout, one booking behind an operator's `sqlite3` shell froze
 * health checks, reads and every other request for 5 s. A unit of work
 * tries for this long, lets the loop run, and tries again, up to the
 * connection's busy_timeout in all (SqliteUnitOfWork.run).
 */
const LOCK_SLICE_MS = 20;

/** BEGIN IMMEDIATE found the write lock taken for all of LOCK_SLICE_MS: nothing of the unit of work has run, so it may be tried again. */
class WriteLockTaken extends Error {
  readonly code: string;
  constructor(readonly busy: Error & { code: string }) {
    super(busy.message);
    this.code = busy.code; // still SQLITE_BUSY: storageError makes it the 503 once the time is up
  }
}

const isWriteLockTaken = (err: unknown): boolean => err instanceof StorageUnavailableError && err.cause instanceof WriteLockTaken;

export function openDatabase(file: string, migrations: Migration[]): Db {
  if (file !== ':memory:') {
    ensurePrivateDir(dirname(file));
    ensurePrivateFile(file);
  }
  const db = new Database(file);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  try {
    // Read before the switch to WAL, which rewrites the header of a file in rollback-journal mode (a restored backup).
    refuseNewerFile(db, migrations);
    switchToWal(db);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
  } catch (err) {
    db.close(); // a refused file is left as it was, with no -wal beside it
    throw err;
  }
  return db;
}

/**
 * Switching a new file to WAL needs it alone for a moment. SQLite does not
 * call the busy handler there (the connection already holds a shared lock),
 * so a process opening the file at the same moment as another (two replicas
 * starting on a new volume) got SQLITE_BUSY and exited: it waits its turn
 * here instead, as busy_timeout would have it (sqlite-open-together.test.ts).
 */
function switchToWal(db: Db): void {
  const deadline = performance.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || performance.now() > deadline) throw err;
      Atomics.wait(PAUSE, 0, 0, 5); // start-up only: a short synchronous pause, like SQLite's own busy wait
    }
  }
}

/** The migrations a file records as applied, reading only; undefined when it has no `schema_migrations` (new, or not OdontoCare's). */
export function appliedMigrations(db: Db): number[] | undefined {
  const hasVersions = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  return hasVersions ? (db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]) : undefined;
}

/** Refuses, reading only, a file whose `schema_migrations` holds a migration this build does not know. */
function refuseNewerFile(db: Db, migrations: Migration[]): void {
  refuseNewerSchema(db.memory ? 'la base de datos' : db.name, appliedMigrations(db) ?? [], migrations);
}

/**
 * Applies, in order, the migrations the file lacks, each in its own immediate
 * transaction with its `schema_migrations` row. A file a newer build migrated
 * is refused first, with nothing applied (adapters/storage/schema-versions.ts).
 */
export function migrate(db: Db, migrations: Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const versions = db.prepare('SELECT version FROM schema_migrations').pluck();
  const subject = db.memory ? 'la base de datos' : db.name;
  const usableVersions = (): Set<number> => {
    const applied = new Set(versions.all() as number[]);
    refuseNewerSchema(subject, applied, migrations);
    return applied;
  };
  const applied = usableVersions();
  // applied_at is when this file's schema changed, stamped by SQLite itself in
  // the same format as toISOString(): a fact about the file that no rule reads,
  // so it is not domain time and does not go through the Clock port.
  const record = db.prepare<[number, string]>(
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
  );
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    // Immediate: two processes starting on one file apply each migration once. The versions are read
    // again under the write lock: a newer build starting beside this one may have migrated the file since.
    db.transaction(() => {
      if (usableVersions().has(m.version)) return;
      db.exec(m.sql);
      m.backfill?.(db);
      record.run(m.version, m.name);
    }).immediate();
  }
}

const fileGates = new Map<string, SerialTransactions>();
const memoryGates = new WeakMap<Db, SerialTransactions>();

/**
 * The one gate of a database file in this process
 * (adapters/storage/serial-transactions.ts): every repository, the unit of
 * work, the readiness ping and close go through it, so a statement from
 * outside an open unit of work waits for it to end instead of landing inside
 * it. One per FILE, not per connection: a second connection to the file in
 * this process (two delivery workers in a test) would otherwise write while
 * the first holds the write lock across an await, and wait for it
 * synchronously (busy_timeout) on the very thread that must finish it.
 */
export function serialOf(db: Db): SerialTransactions {
  if (db.memory) {
    let gate = memoryGates.get(db);
    if (!gate) memoryGates.set(db, (gate = new SerialTransactions(storageError)));
    return gate;
  }
  const file = resolve(db.name);
  let gate = fileGates.get(file);
  if (!gate) fileGates.set(file, (gate = new SerialTransactions(storageError)));
  return gate;
}

/**
 * Transactions for use cases (docs/adr/0011-asynchronous-unit-of-work.md):
 * BEGIN IMMEDIATE takes the write lock up front, so a check-then-write cannot
 * interleave with another writer (another process on the file), and the
 * connection's gate keeps this process's other calls out until COMMIT.
 */
export class SqliteUnitOfWork implements UnitOfWork {
  private readonly serial: SerialTransactions;
  private readonly steps: TransactionSteps;
  /** How long in all a unit of work waits for another process's write lock: the connection's busy_timeout. */
  private readonly lockWaitMs: number;

  constructor(db: Db) {
    this.serial = serialOf(db);
    this.lockWaitMs = db.pragma('busy_timeout', { simple: true }) as number;
    const begin = db.prepare('BEGIN IMMEDIATE');
    const commit = db.prepare('COMMIT');
    const rollback = db.prepare('ROLLBACK');
    // Set by running the pragma each time: SQLite applies PRAGMA busy_timeout when it compiles it, so a prepared one does nothing.
    const slice = `busy_timeout = ${Math.min(LOCK_SLICE_MS, this.lockWaitMs)}`;
    // Every other statement keeps the whole busy_timeout: inside the transaction the write lock is already held, and a read takes none in WAL mode.
    const full = `busy_timeout = ${this.lockWaitMs}`;
    this.steps = {
      begin: () => {
        db.pragma(slice);
        try {
          begin.run();
        } catch (err) {
          const code = (err as { code?: unknown }).code;
          throw typeof code === 'string' && code.startsWith('SQLITE_BUSY') ? new WriteLockTaken(err as Error & { code: string }) : err;
        } finally {
          db.pragma(full);
        }
      },
      commit: () => {
        commit.run();
      },
      // A failed statement may already have ended the transaction (SQLite rolls back on some errors).
      rollback: () => {
        if (db.inTransaction) rollback.run();
      },
    };
  }

  /**
   * Another process's write lock is waited for a slice at a time, the gate
   * let go in between (reads and other calls run meanwhile), until
   * busy_timeout has passed: then 503, as before. synchronous=FULL and the
   * one immediate transaction per unit of work are unchanged: only BEGIN is
   * tried again, before any of the work has run.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const deadline = performance.now() + this.lockWaitMs;
    for (;;) {
      try {
        return await this.serial.transaction(this.steps, work);
      } catch (err) {
        if (!isWriteLockTaken(err) || performance.now() >= deadline) throw err;
      }
      await pause(LOCK_SLICE_MS);
    }
  }
}

const singleWrites = new WeakMap<Db, SqliteUnitOfWork>();

/**
 * How a repository writes: in the open unit of work when it runs inside one,
 * otherwise as its own immediate transaction. A write on its own (a logout's
 * revocation, the reminder worker's claim, an admin's edit) used to wait for
 * another process's write lock inside SQLite, for all of busy_timeout on the
 * event loop's thread; it now waits as a unit of work does, a slice at a
 * time with the process answering in between. Only BEGIN is tried again, so
 * no statement runs twice, and a write of two statements (purge, then
 * revoke) goes in whole or not at all.
 */
export function writeOf(db: Db): <T>(operation: () => T) => Promise<T> {
  let unit = singleWrites.get(db);
  if (!unit) singleWrites.set(db, (unit = new SqliteUnitOfWork(db)));
  const own = unit;
  return (operation) => own.run(async () => operation());
}

/** Readiness probe: the file is open and answers a query (after any open unit of work). */
export function pingDatabase(db: Db): Promise<void> {
  return serialOf(db).call(() => {
    db.prepare('SELECT 1').get();
  });
}

/** Closes the connection once no unit of work is open on it. */
export function closeDatabase(db: Db): Promise<void> {
  return serialOf(db).call(() => {
    db.close();
  });
}
