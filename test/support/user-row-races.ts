import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Pool } from 'pg';
import { PgDatabase } from '../../adapters/postgres/pg-database';
import { type ApiResponse, startTestAdmin, type TestAdmin } from './admin';
import { holdEveryCall } from './held-requests';
import { pollUntil } from './poll-until';
import { describeWithPostgres } from './postgres';
import { type LockWatcher, waitingForLock } from './postgres-locks';

/** A statement of a unit of work that locks one user's row (PgUsers' reads by id, with their lock clause). */
const LOCKS_USER_ROW = /^SELECT \* FROM users WHERE id = \$1 FOR /;

/** Status and code of an answer, as a race's expectations are written: `[204]`, `[401, 'TOKEN_INVALIDO']`. */
export type Answer = [number, string?];

const answerOf = (res: ApiResponse): Answer => (res.body?.code === undefined ? [res.status] : [res.status, res.body.code]);

/** Answers as a test's name gives them: `204, 401 TOKEN_INVALIDO`. */
const answersText = (answers: Answer[]): string => answers.map(([status, code]) => `${status}${code ? ` ${code}` : ''}`).join(', ');

/**
 * Two admin requests that lock users' rows (`ids`) sent in their worst
 * order on PostgreSQL, never by sleeping: every statement that locks one of
 * those rows waits at its end (holdEveryCall) until the test lets them go;
 * `first` is sent and let reach such a point, then `second` is sent and let
 * reach one too, or wait in the server for a lock the first holds
 * (pg_stat_activity, asked of `watcher` in `database`); then both go on.
 * Their answers, first then second.
 */
async function raceAtUserRowLocks(
  watcher: LockWatcher,
  database: string,
  ids: number[],
  first: () => Promise<ApiResponse>,
  second: () => Promise<ApiResponse>,
): Promise<ApiResponse[]> {
  const hold = holdEveryCall(PgDatabase.prototype, 'query', (sql, params) => LOCKS_USER_ROW.test(sql as string) && ids.includes((params as unknown[])[0] as number));
  const waitingForUserRow = () => waitingForLock(watcher, database, 'SELECT * FROM users WHERE id = $1 FOR %');
  const answers: Promise<ApiResponse>[] = [];
  try {
    answers.push(first());
    await pollUntil(async () => hold.waiting() === 1, answers);
    answers.push(second());
    await pollUntil(async () => hold.waiting() + (await waitingForUserRow()) === 2, answers);
  } finally {
    hold.release();
  }
  return Promise.all(answers);
}

/**
 * The deadlocks PostgreSQL detected in `database` (pg_stat_database), asked
 * once the service has closed its connections: each hands over its counts
 * to the server's statistics as it ends, so once none is left they are all in.
 */
async function deadlocksOnceClosed(watcher: LockWatcher, database: string): Promise<number> {
  const count = async (sql: string) => (await watcher.query(sql, [database])).rows[0].n as number;
  await pollUntil(async () => (await count('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1')) === 0, []);
  return count('SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = $1');
}

/** One request of a race, sent to the service with the accounts the suite made (`W`). */
export interface RaceRequest<W> {
  name: string;
  send(admin: TestAdmin, accounts: W): Promise<ApiResponse>;
}

export interface UserRowRace<W> {
  first: RaceRequest<W>;
  second: RaceRequest<W>;
  /** Status and code of each answer, first then second. */
  answers: [Answer, Answer];
  /** What the accounts show once both are answered (`root`: the bootstrap admin's token). */
  after(admin: TestAdmin, accounts: W, root: string): Promise<void>;
}

/**
 * A PostgreSQL suite of races at users' row locks: each race on an admin
 * service and database of its own, with the accounts `accounts` makes
 * (given the bootstrap admin's token), its requests sent by
 * raceAtUserRowLocks at the rows of `rows`, answered as `answers` say,
 * `after` checked, and no deadlock counted in its database.
 */
export function describeUserRowRaces<W>(
  title: string,
  races: UserRowRace<W>[],
  accounts: (admin: TestAdmin, root: string) => Promise<W>,
  rows: (accounts: W) => number[],
): void {
  describeWithPostgres(title, (pg) => {
    /** The superuser, on the server's own database: it watches the services' databases without being one of their connections. */
    let watcher: Pool;
    before(() => {
      watcher = new Pool({ connectionString: pg().adminUrl(), max: 1 });
    });
    after(() => watcher?.end());

    for (const race of races) {
      it(`${race.first.name}, then ${race.second.name}: ${answersText(race.answers)}, and no deadlock`, async () => {
        const url = await pg().createDatabase('admin');
        const database = new URL(url).pathname.slice(1);
        const admin = await startTestAdmin({ ADMIN_DATABASE_URL: url, ADMIN_DATABASE_POOL: '4' });
        try {
          const root = await admin.adminToken();
          const made = await accounts(admin, root);
          const got = await raceAtUserRowLocks(
            watcher,
            database,
            rows(made),
            () => race.first.send(admin, made),
            () => race.second.send(admin, made),
          );
          assert.deepEqual(got.map(answerOf), race.answers, JSON.stringify(got.map((res) => res.body)));
          await race.after(admin, made, root);
        } finally {
          await admin.close();
        }
        assert.equal(await deadlocksOnceClosed(watcher, database), 0, 'the two requests deadlocked: one waited deadlock_timeout and ran again');
      });
    }
  });
}
