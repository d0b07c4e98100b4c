import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { TooManyAttemptsError } from '../../core/domain/errors';
import type { Clock } from '../../core/ports/clock';
import type { LoginAdmission, LoginAttempt, LoginThrottle } from '../../core/ports/login-throttle';
import type { ThrottleSettings } from '../security/login-throttle';
import { type PgDatabase, sqlState } from './pg-database';
import { storageError } from './storage-unavailable';

interface CounterRow {
  key: string;
  failures: number;
  window_id: string | null;
  window_ends_at: Date | null;
}

interface Counter {
  key: string;
  limit: number;
  failures: number;
  windowId: string;
  endsAtMs: number;
}

/** Admissions between two sweeps of expired rows, per process (the table's size stays bounded by live windows). */
const SWEEP_EVERY = 500;
/** A deadlock is not expected (rows are locked in key order); if one happens anyway, the admission is tried again. */
const MAX_ATTEMPTS = 5;

/**
 * MemoryLoginThrottle's counters (adapters/security/login-throttle.ts,
 * docs/adr/0009) in the admin database, so every admin process on it shares
 * them: the same three keys, limits and fixed windows on the Clock.
 *
 * An admission is one short READ COMMITTED transaction on its own connection
 * (not the caller's unit of work: a failure stays counted whatever the
 * request does next): the upsert locks the attempt's three rows, in key
 * order so two admissions cannot deadlock, and returns their latest committed
 * values; then either all three are counted or, if one is full, none. While
 * the rows are locked no other process can admit on them, so N concurrent
 * guesses from any number of processes get at most the limit's worth of
 * password checks. SERIALIZABLE would add nothing but retries here.
 *
 * Taking an attempt back (succeeded, withdraw) is one statement that touches a
 * row only while it is still in the window the attempt was counted in
 * (window_id), as the memory one compares window objects.
 */
export class PgLoginThrottle implements LoginThrottle {
  private admissions = 0;

  constructor(
    private readonly db: PgDatabase,
    private readonly settings: ThrottleSettings,
    private readonly clock: Clock,
  ) {}

  async admit(a: LoginAttempt): Promise<LoginAdmission> {
    const now = this.clock.now().getTime();
    const limits = new Map([
      [`cuenta+dirección|${a.username}|${a.address}`, this.settings.perAccount],
      [`cuenta|${a.username}`, this.settings.perAccountAnyAddress],
      [`dirección|${a.address}`, this.settings.perAddress],
    ]);
    if (++this.admissions % SWEEP_EVERY === 0) await this.sweep(now);
    const counters = await this.transaction(async (client) => {
      const keys = [...limits.keys()].sort();
      const { rows } = await client.query<CounterRow>(
        `INSERT INTO login_failures AS f (key) SELECT unnest($1::text[]) ORDER BY 1
         ON CONFLICT (key) DO UPDATE SET key = f.key
         RETURNING f.key, f.failures, f.window_id, f.window_ends_at`,
        [keys],
      );
      const current = rows.map((r) => this.current(r, limits.get(r.key)!, now));
      const full = current.filter((c) => c.failures >= c.limit);
      if (full.length > 0) {
        throw new TooManyAttemptsError(Math.max(...full.map((c) => Math.max(1, Math.ceil((c.endsAtMs - now) / 1000)))));
      }
      await client.query(
        `UPDATE login_failures AS f SET failures = c.failures + 1, window_id = c.window_id, window_ends_at = c.ends_at
         FROM unnest($1::text[], $2::integer[], $3::uuid[], $4::timestamptz[]) AS c (key, failures, window_id, ends_at)
         WHERE f.key = c.key`,
        [current.map((c) => c.key), current.map((c) => c.failures), current.map((c) => c.windowId), current.map((c) => new Date(c.endsAtMs))],
      );
      return current;
    });
    const accountAddress = counters.find((c) => c.key.startsWith('cuenta+dirección|'))!;
    const account = counters.find((c) => c.key.startsWith('cuenta|'))!;
    const address = counters.find((c) => c.key.startsWith('dirección|'))!;
    return {
      // A right password forgives the account's failures (its windows end), never the address's.
      succeeded: () => this.takeBack([accountAddress, account], [address]),
      withdraw: () => this.takeBack([], counters),
    };
  }

  /** A row's window now: the stored one while it lasts, else a new empty one (stored only if the attempt is counted). */
  private current(row: CounterRow, limit: number, now: number): Counter {
    const endsAtMs = row.window_ends_at?.getTime();
    if (row.window_id && endsAtMs !== undefined && endsAtMs > now) {
      return { key: row.key, limit, failures: row.failures, windowId: row.window_id, endsAtMs };
    }
    return { key: row.key, limit, failures: 0, windowId: randomUUID(), endsAtMs: now + this.settings.windowSeconds * 1000 };
  }

  /** Ends the windows of `forgiven` and takes one failure off `decremented`, each only in the window the attempt was counted in. */
  private async takeBack(forgiven: Counter[], decremented: Counter[]): Promise<void> {
    const all = [...forgiven.map((c) => ({ c, forgive: true })), ...decremented.map((c) => ({ c, forgive: false }))];
    await this.db.query(
      `UPDATE login_failures AS f
       SET failures = CASE WHEN t.forgive THEN 0 ELSE greatest(f.failures - 1, 0) END,
           window_id = CASE WHEN t.forgive THEN NULL ELSE f.window_id END,
           window_ends_at = CASE WHEN t.forgive THEN NULL ELSE f.window_ends_at END
       FROM unnest($1::text[], $2::uuid[], $3::boolean[]) AS t (key, window_id, forgive)
       WHERE f.key = t.key AND f.window_id = t.window_id`,
      [all.map((x) => x.c.key), all.map((x) => x.c.windowId), all.map((x) => x.forgive)],
    );
  }

  /** Forgets rows whose window is over or never started: they count nothing. */
  private async sweep(now: number): Promise<void> {
    await this.db.query('DELETE FROM login_failures WHERE window_ends_at IS NULL OR window_ends_at <= $1', [new Date(now)]);
  }

  /** `work` in one READ COMMITTED transaction on a connection of its own, rolled back when it refuses (nothing counted), and the row locks end with it. */
  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: PoolClient;
      try {
        client = await this.db.pool.connect();
      } catch (err) {
        throw storageError(err);
      }
      let broken = false;
      // As in PgDatabase.run: a checked-out client's 'error' is unheard by the pool, and unheard it would end the process.
      client.on('error', ignore);
      try {
        await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        if (err instanceof TooManyAttemptsError) throw err;
        if (sqlState(err) !== '40P01' || attempt >= MAX_ATTEMPTS) throw storageError(err);
      } finally {
        client.removeListener('error', ignore);
        client.release(broken);
      }
    }
  }
}

function ignore(): void {}
