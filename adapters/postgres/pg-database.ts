import { AsyncLocalStorage } from 'node:async_hooks';
import { Pool, type PoolClient, type QueryResultRow } from 'pg';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import { storageError } from './storage-unavailable';

/** SQLSTATEs after which a transaction can simply be run again: serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);
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
 * neither sees nor joins the open transaction. Runs are SERIALIZABLE, so a
 * check-then-write inside one run has no race with another process; when
 * PostgreSQL detects one anyway (SQLSTATE 40001) the work runs again from the
 * start, as the port allows. A server that cannot be reached surfaces as
 * StorageUnavailableError (503 with Retry-After), never as a 500; the pool
 * drops the broken connections and makes new ones once the server is back.
 */
export class PgDatabase implements UnitOfWork {
  readonly pool: Pool;
  private readonly current = new AsyncLocalStorage<PoolClient>();

  constructor(settings: PgPoolSettings) {
    this.pool = new Pool({ connectionString: settings.url, max: settings.maxConnections, connectionTimeoutMillis: 5_000 });
    // An idle client whose server went away must not crash the process; the next query reports it.
    this.pool.on('error', () => {});
  }

  /** Runs one statement: inside the caller's open transaction if there is one, else on its own. */
  async query<R extends QueryResultRow = QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    const client = this.current.getStore();
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
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
        const result = await this.current.run(client, work);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection itself failed: do not give it back to the pool
        }
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(sqlState(err) ?? '')) throw storageError(err);
      } finally {
        client.removeListener('error', ignore);
        client.release(broken);
      }
      await backOff(attempt);
    }
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
