import { Client, type Pool } from 'pg';

/**
 * A connection to ask the server with: the superuser's, or one of the
 * service's own role (a plain role does not see what other roles' backends
 * wait for). Not the holder of the lock: within a transaction
 * pg_stat_activity answers from the snapshot it took first.
 */
export type LockWatcher = Pick<Pool, 'query'>;

/**
 * How many statements in `database` wait for a lock right now
 * (pg_stat_activity, wait_event_type 'Lock'), only those whose text is LIKE
 * `statement` when one is given. A test that holds a lock asks this until
 * the request it sent stands behind it, instead of sleeping a guess.
 */
export async function waitingForLock(watcher: LockWatcher, database: string, statement = '%'): Promise<number> {
  const { rows } = await watcher.query(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE $2",
    [database, statement],
  );
  return rows[0].n as number;
}

/** A table lock a test holds (holdTableLock) until it lets it go. */
export interface HeldTableLock {
  /** Ends the holding transaction and its connection. */
  release(): Promise<void>;
}

/**
 * Takes `table` in ACCESS EXCLUSIVE mode on a connection of its own (`url`:
 * the superuser's, so cutting the service role's connections spares it)
 * and holds it until the test calls release(): a statement sent meanwhile
 * certainly waits for it (waitingForLock shows when), however slow the
 * machine.
 */
export async function holdTableLock(url: string, table: string): Promise<HeldTableLock> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  } catch (err) {
    await client.end();
    throw err;
  }
  return {
    async release() {
      try {
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
    },
  };
}
