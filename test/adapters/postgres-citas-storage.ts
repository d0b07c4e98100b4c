import { pgCitasMigrations } from '../../adapters/postgres/citas-migrations';
import { MIGRATION_LOCK, migrate } from '../../adapters/postgres/migrate';
import { PgAbsences } from '../../adapters/postgres/pg-absences';
import { PgAppointments } from '../../adapters/postgres/pg-appointments';
import { PgDatabase } from '../../adapters/postgres/pg-database';
import { PgHistory } from '../../adapters/postgres/pg-history';
import { PgIdempotencyKeys } from '../../adapters/postgres/pg-idempotency-keys';
import { PgOutbox } from '../../adapters/postgres/pg-outbox';
import { PgSchedules } from '../../adapters/postgres/pg-schedules';
import type { Clock } from '../../core/ports/clock';
import { after, before } from 'node:test';
import type { QueryResultRow } from 'pg';
import type { CitasStorage, MakeCitasStorage } from '../contracts/citas-storage';
import { FixedClock } from '../fakes/fixed-clock';
import type { PgServer } from '../support/postgres';
import { waitingForLock } from '../support/postgres-locks';

/** The citas adapters on one pool (one "process"), as apps/citas/modules/postgres-storage.ts binds them. */
export function pgCitasOn(db: PgDatabase, clock: Clock = new FixedClock()): CitasStorage {
  return {
    appointments: new PgAppointments(db),
    history: new PgHistory(db),
    outbox: new PgOutbox(db),
    schedules: new PgSchedules(db, clock),
    absences: new PgAbsences(db, clock),
    idempotencyKeys: new PgIdempotencyKeys(db),
    uow: db,
  };
}

/** A fresh citas database on `pg`, migrated; returns its URL. */
export async function migratedCitasDatabase(pg: PgServer): Promise<string> {
  const url = await pg.createDatabase('citas');
  const db = new PgDatabase({ url, maxConnections: 2 });
  try {
    await migrate(db, MIGRATION_LOCK.citas, pgCitasMigrations);
  } finally {
    await db.close();
  }
  return url;
}

/** Every table of the citas schema: emptied between tests instead of a new database each (ms, not tens of ms). */
const TABLES = 'citas, citas_historial, outbox, horarios, franjas, ausencias, claves_idempotencia';

const EMPTY = `TRUNCATE ${TABLES} RESTART IDENTITY CASCADE`;

export async function emptyCitasTables(db: PgDatabase): Promise<void> {
  await db.query(EMPTY);
}

/**
 * A pool whose calls first wait until the tables are empty. The shared
 * contracts make their storage synchronously (a fresh SQLite file opens
 * synchronously) and do not always await close(); emptying PostgreSQL's
 * tables is asynchronous, so make() starts it and every call waits for it.
 */
class EmptiedFirst extends PgDatabase {
  private emptied: Promise<void> = Promise.resolve();

  startEmptying(): void {
    const previous = this.emptied;
    // super.query: the emptying itself must not wait for the emptying.
    this.emptied = previous.then(async () => {
      await super.query(EMPTY);
    });
  }

  override async query<R extends QueryResultRow = QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    await this.emptied;
    return super.query<R>(sql, params);
  }

  override async run<T>(work: () => Promise<T>): Promise<T> {
    await this.emptied;
    return super.run(work);
  }
}

/**
 * One migrated database for a whole describe (registers its before/after
 * hooks), and a MakeCitasStorage for the shared contracts that hands out the
 * adapters on it with every table emptied first: a new database per test
 * would cost a CREATE DATABASE and six migrations each time.
 */
export function sharedCitasDatabase(pg: () => PgServer): { make: MakeCitasStorage } {
  let db: EmptiedFirst | undefined;
  let database = '';
  before(async () => {
    const url = await migratedCitasDatabase(pg());
    database = new URL(url).pathname.slice(1);
    db = new EmptiedFirst({ url, maxConnections: 4 });
  });
  after(() => db?.close());
  return {
    make() {
      if (!db) throw new Error('the shared database is made in before()');
      db.startEmptying();
      const pool = db.pool;
      return { storage: pgCitasOn(db), close() {}, waitingForLock: () => waitingForLock(pool, database) };
    },
  };
}
