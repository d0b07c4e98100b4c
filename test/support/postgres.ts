import { describe, it, before, after, type SuiteContext } from 'node:test';
import assert from 'node:assert/strict';
import { inCi } from './docker';
import { findPostgresBinaries, startPostgresServer, type PgServer, type RunningPostgres } from './postgres-server';

export type { PgServer };

/**
 * A real, throwaway PostgreSQL server for the tests that need one
 * (./postgres-server.ts starts it): a fresh cluster in a temporary folder on
 * a free loopback port, stopped and deleted when the suite ends. Starting one
 * takes about two seconds.
 *
 * - Server binaries found: the suite runs.
 * - None on a developer's machine: the suite is reported SKIPPED with the reason.
 * - None with CI=true: the suite FAILS (.ci/run installs Debian's postgresql).
 *
 * Passwords are checked (scram-sha-256) on TCP, as in production; durability
 * settings are relaxed (fsync off): these tests kill service processes, never
 * the database server.
 *
 * `describeWithPostgres`: one server for the suite, started before its first
 * test and removed after its last. Runs, skips with the reason, or (CI) fails
 * with the reason.
 */
export function describeWithPostgres(name: string, fn: (pg: () => PgServer, s: SuiteContext) => void | Promise<void>): void {
  const bin = findPostgresBinaries();
  if (!bin) {
    const reason = 'no PostgreSQL server binaries (/usr/lib/postgresql/<major>/bin or PG_BIN)';
    if (inCi()) {
      describe(name, () => {
        it('has a PostgreSQL server to test against (required when CI=true)', () => {
          assert.fail(`${reason}. CI must install it (.ci/run installs Debian's postgresql).`);
        });
      });
    } else {
      describe(name, () => {
        it('needs a PostgreSQL server', { skip: `${reason}; apt-get install postgresql` }, () => {});
      });
    }
    return;
  }
  describe(name, (s) => {
    let running: RunningPostgres | undefined;
    before(async () => {
      running = await startPostgresServer(bin, { durable: false });
    });
    after(() => running?.stop());
    return fn(() => {
      if (!running) throw new Error('the PostgreSQL server is not running yet (use it inside tests or hooks)');
      return running.server;
    }, s);
  });
}
