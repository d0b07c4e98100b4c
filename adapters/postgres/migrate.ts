import type { PoolClient } from 'pg';
import { refuseNewerSchema, unknownMigrations } from '../storage/schema-versions';
import type { PgDatabase } from './pg-database';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
  /**
   * Fills what SQL should not compute, after `sql`, on the migration's
   * client and in its transaction: a column holding a core/domain function
   * of another, computed by that function as the repositories do, not by a
   * second SQL version of the rule. The released text pinned by the tests is `sql`.
   */
  backfill?: (client: PoolClient) => Promise<void>;
}

/**
 * One lock key per schema family: two processes starting at once (two citas
 * replicas, a rolling deploy) take turns; the second finds the versions the
 * first applied and applies nothing.
 */
export const MIGRATION_LOCK = { admin: 0x0d0a_0001, citas: 0x0d0a_0002 } as const;

/**
 * Applies, in order, the migrations the database lacks, each in its own
 * transaction with its `schema_migrations` row, under a session-level
 * advisory lock held for the whole run. A database a newer build migrated is
 * refused first, with nothing applied (adapters/storage/schema-versions.ts).
 * A released migration is never edited: a change is a new version (the texts
 * are pinned by a test).
 */
export async function migrate(db: PgDatabase, lockKey: number, migrations: readonly PgMigration[]): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [lockKey]);
    try {
      await client.query(`
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((r) => r.version));
      // Under the lock, before anything is applied: a database a newer build migrated is left as it is.
      if (unknownMigrations(applied, migrations).length > 0) {
        const { rows: named } = await client.query<{ name: string }>('SELECT current_database() AS name');
        refuseNewerSchema(`la base de datos "${named[0].name}"`, applied, migrations);
      }
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (applied.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await m.backfill?.(client);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [lockKey]);
    }
  } finally {
    client.release();
  }
}
