import type { ApiResponse } from './admin';
import { PgDatabase } from '../../adapters/postgres/pg-database';
import { holdEveryCall } from './held-requests';
import { pollUntil } from './poll-until';
import { type LockWatcher, waitingForLock } from './postgres-locks';

/** A statement of a unit of work that locks one user's row (PgUsers' reads by id, with their lock clause). */
const LOCKS_USER_ROW = /^SELECT \* FROM users WHERE id = \$1 FOR /;

/** Status and code of an answer, as a race's expectations are written: `[204]`, `[401, 'TOKEN_INVALIDO']`. */
export type Answer = [number, string?];

export const answerOf = (res: ApiResponse): Answer => (res.body?.code === undefined ? [res.status] : [res.status, res.body.code]);

/** Answers as a test's name gives them: `204, 401 TOKEN_INVALIDO`. */
export const answersText = (answers: Answer[]): string => answers.map(([status, code]) => `${status}${code ? ` ${code}` : ''}`).join(', ');

/**
 * Two admin requests that lock users' rows (`ids`) sent in their worst
 * order on PostgreSQL, never by sleeping: every statement that locks one of
 * those rows waits at its end (holdEveryCall) until the test lets them go;
 * `first` is sent and let reach such a point, then `second` is sent and let
 * reach one too, or wait in the server for a lock the first holds
 * (pg_stat_activity, asked of `watcher` in `database`); then both go on.
 * Their answers, first then second.
 */
export async function raceAtUserRowLocks(
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
export async function deadlocksOnceClosed(watcher: LockWatcher, database: string): Promise<number> {
  const count = async (sql: string) => (await watcher.query(sql, [database])).rows[0].n as number;
  await pollUntil(async () => (await count('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1')) === 0, []);
  return count('SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = $1');
}
