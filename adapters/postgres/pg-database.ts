import { AsyncLocalStorage } from 'node:async_hooks';
import { Pool, type PoolClient, type QueryResultRow } from 'pg';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import { StorageUnavailableError } from '../storage/storage-unavailable';
import { storageError } from './storage-unavailable';

/** SQLSTATEs after which a transaction can simply be run again: serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Whose agenda a unit of work may lock (pg_advisory_xact_lock's first key):
 * a doctor's (schedules, absences, citas) and a patient's (citas). Numbers,
 * not names, because the lock space is the database's; kept in this order
 * (doctor before patient) by the booking checks, so two runs never wait for
 * each other in a circle.
 */
export const AGENDA_LOCK = { doctor: 1, paciente: 2 } as const;
export type AgendaLock = keyof typeof AGENDA_LOCK;

/**
 * The third lock space: one caller's Idempotency-Key (keyed by a hash of
 * user and key; a collision only makes two unrelated requests take turns).
 * A booking, change, cancellation or change of estado with a key takes it
 * first (core/use-cases/idempotently.ts), before any row or agenda lock, so
 * the order stays fixed: key, then the cita, doctor, patient.
 */
const IDEMPOTENCY_KEY_LOCK = 3;

/** The open unit of work of an asynchronous context: its client, and the agenda locks it holds. */
interface Run {
  client: PoolClient;
  locks: Set<string>;
}
/** Attempts of one unit of work before its conflict is reported (each backs off a little longer). */
const MAX_ATTEMPTS = 10;

export interface PgPoolSettings {
  url: string;
  /** Connections this process may open (pg's pool `max`). */
  maxConnections: number;
}

/**
 * One service's PostgreSQL database: a connection pool, and the unit of work
 * of core/ports/unit-of-work.ts on it (docs/adr/0011).
 *
 * A run checks one client out of the pool and keeps it in an
 * AsyncLocalStorage for the work's asynchronous context: every repository
 * query made from within the work uses that client (it is inside the
 * transaction); any other query takes its own client from the pool, so it
 * neither sees nor joins the open transaction.
 *
 * Isolation (docs/adr/0012): runs are READ COMMITTED, and the repositories
 * lock what a run's rules read, so a check-then-write has no race with
 * another process:
 * - a row read by id to be changed is read FOR UPDATE (`forUpdate`); one
 *   only relied on (an admin write's author) FOR SHARE (`forShare`), so
 *   runs relying on it do not take turns, and a change to it still waits;
 * - a doctor's or a patient's agenda is locked before the run first reads it
 *   (`lockAgenda`): two bookings of one doctor, or of one patient, take
 *   turns, and the second reads what the first committed;
 * - the exclusion constraints stay the last line of defence.
 * SERIALIZABLE was tried first: its page-level predicate locks made
 * unrelated bookings conflict (8 retries per booking under load, 500s once
 * retries ran out), and two INSERTs meeting in an exclusion constraint
 * deadlocked (1 s each). A deadlock or serialization failure that still
 * happens runs the work again; one that persists is a 503, not a 500.
 *
 * A server that cannot be reached surfaces as StorageUnavailableError (503
 * with Retry-After), never as a 500; the pool drops the broken connections
 * and makes new ones once the server is back.
 */
export class PgDatabase implements UnitOfWork {
  readonly pool: Pool;
  /** Runs rolled back by a conflict with another transaction and run again, by kind (for tests and operators). */
  readonly conflicts = { serialization: 0, deadlock: 0 };
  private readonly current = new AsyncLocalStorage<Run>();

  constructor(settings: PgPoolSettings) {
    this.pool = new Pool({ connectionString: settings.url, max: settings.maxConnections, connectionTimeoutMillis: 5_000 });
    // An idle client whose server went away must not crash the process; the next query reports it.
    this.pool.on('error', () => {});
  }

  /** Runs one statement: inside the caller's open transaction if there is one, else on its own. */
  async query<R extends QueryResultRow = QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    const client = this.current.getStore()?.client;
    try {
      const result = client ? await client.query<R>(sql, params) : await this.pool.query<R>(sql, params);
      return result.rows;
    } catch (err) {
      throw storageError(err);
    }
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.current.getStore()) return work();
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect().catch((err: unknown) => {
        throw storageError(err);
      });
      let broken = false;
      try {
        // The pool stops listening to a client it hands out; a server gone between two statements would
        // emit an unheard 'error' and end the process. Heard, it only makes the next statement fail.
        client.on('error', ignore);
        await client.query('BEGIN');
        const result = await this.current.run({ client, locks: new Set() }, work);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection itself failed: do not give it back to the pool
        }
        const state = sqlState(err);
        if (state === '40001') this.conflicts.serialization++;
        if (state === '40P01') this.conflicts.deadlock++;
        if (!RETRYABLE.has(state ?? '')) throw storageError(err);
        if (attempt >= MAX_ATTEMPTS) throw new StorageUnavailableError(err);
      } finally {
        client.removeListener('error', ignore);
        client.release(broken);
      }
      await backOff(attempt);
    }
  }

  /**
   * Inside a unit of work, the clause that locks the rows a read selects
   * until the run ends (the run reads them to change them: two runs changing
   * one cita take turns, and the second sees what the first wrote); outside,
   * nothing.
   */
  forUpdate(): string {
    return this.current.getStore() ? ' FOR UPDATE' : '';
  }

  /**
   * forUpdate's weaker twin, for rows a run relies on without changing them:
   * until the run ends nobody changes them (an UPDATE waits), but other runs
   * may read them FOR SHARE too. A run that will change such a row itself
   * reads it forUpdate from the start: two that shared it and then both
   * changed it would deadlock (core/use-cases/admin-writes.ts chooses).
   */
  forShare(): string {
    return this.current.getStore() ? ' FOR SHARE' : '';
  }

  /**
   * Inside a unit of work, holds the lock on one doctor's or one patient's
   * agenda until the run ends (at once if it already holds it); outside,
   * nothing: a read outside a run checks no rule.
   */
  async lockAgenda(kind: AgendaLock, id: number): Promise<void> {
    const run = this.current.getStore();
    if (!run) return;
    const key = `${kind}:${id}`;
    if (run.locks.has(key)) return;
    await this.query('SELECT pg_advisory_xact_lock($1, $2)', [AGENDA_LOCK[kind], id]);
    run.locks.add(key);
  }

  /** Inside a unit of work, holds one caller's Idempotency-Key until the run ends; outside, nothing. */
  async lockIdempotencyKey(idUser: number, clave: string): Promise<void> {
    const run = this.current.getStore();
    if (!run) return;
    const key = `clave:${idUser}:${clave}`;
    if (run.locks.has(key)) return;
    await this.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [IDEMPOTENCY_KEY_LOCK, `${idUser}:${clave}`]);
    run.locks.add(key);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** The SQLSTATE of a PostgreSQL error, if it is one. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function ignore(): void {}

/** A few milliseconds, growing and jittered, so two conflicting runs do not collide again in step. */
function backOff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
