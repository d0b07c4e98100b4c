import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Pool } from 'pg';
import { type ApiResponse, startTestAdmin, type TestAdmin } from '../support/admin';
import { TEST_PASSWORD } from '../support/citas';
import { describeWithPostgres } from '../support/postgres';
import { type Answer, answerOf, answersText, deadlocksOnceClosed, raceAtUserRowLocks } from '../support/user-row-races';

/**
 * Two admins, each changing the other's account at once (a deactivation, a
 * password reset, a reactivation that changes nothing), on PostgreSQL.
 * Every admin write locks its author's row to re-check her token, and the
 * write locks the row it changes (core/use-cases/admin-writes.ts): taken
 * in the order each request meets them (her own, then the other's), two
 * crossing writes each held her own row and waited for the other's, until
 * PostgreSQL broke the deadlock after `deadlock_timeout`: a second's wait,
 * a deadlock in the server's log, a run done twice, and the winner left to
 * chance. Whichever is sent first must win, and the second be judged on
 * what it did: refused as a stale token (401 TOKEN_INVALIDO) when it ended
 * her account's tokens, done when it left them alone.
 *
 * Ana is created first (the lower user id), Bea second: each race runs in
 * both orders, so both ways round the ids are met. Set up by where the
 * requests stand (raceAtUserRowLocks: the first held past its first lock on
 * either row, the second let reach one too or wait for it in the server),
 * the deadlocks asked of the server (deadlocksOnceClosed).
 */

type Name = 'ana' | 'bea';

interface Admin {
  id: number;
  username: string;
  token: string;
}

type Pair = Record<Name, Admin>;

interface Request {
  name: string;
  send(admin: TestAdmin, pair: Pair): Promise<ApiResponse>;
}

/** What became of an account once both requests were answered. */
type Outcome = 'untouched' | 'deactivated' | 'reset';

interface Race {
  first: Request;
  second: Request;
  /** Status and code of each answer, first then second. */
  answers: [Answer, Answer];
  outcome: Record<Name, Outcome>;
}

const RESET_PASSWORD = 'Repuesta-Por-La-Otra-2027';
const other = (who: Name): Name => (who === 'ana' ? 'bea' : 'ana');

const deactivates = (who: Name): Request => ({
  name: `${who}'s deactivation of ${other(who)}`,
  send: (admin, pair) => admin.request('DELETE', `/admin/usuario/${pair[other(who)].id}`, undefined, pair[who].token),
});
const resets = (who: Name): Request => ({
  name: `${who}'s reset of ${other(who)}'s password`,
  send: (admin, pair) => admin.post(`/admin/usuario/${pair[other(who)].id}/password`, { password_nueva: RESET_PASSWORD }, pair[who].token),
});
const reactivates = (who: Name): Request => ({
  name: `${who}'s reactivation of ${other(who)} (already active)`,
  send: (admin, pair) => admin.request('PATCH', `/admin/usuario/${pair[other(who)].id}`, { activo: true }, pair[who].token),
});

const ENDED: Answer = [401, 'TOKEN_INVALIDO'];
const DEACTIVATED: Answer = [200];
const RESET: Answer = [204];

/** Each pair of crossing requests, sent in both orders. */
const crossings: { request: (who: Name) => Request; answer: Answer; outcome: Outcome }[][] = [
  [
    { request: deactivates, answer: DEACTIVATED, outcome: 'deactivated' },
    { request: deactivates, answer: DEACTIVATED, outcome: 'deactivated' },
  ],
  [
    { request: resets, answer: RESET, outcome: 'reset' },
    { request: resets, answer: RESET, outcome: 'reset' },
  ],
  [
    { request: deactivates, answer: DEACTIVATED, outcome: 'deactivated' },
    { request: resets, answer: RESET, outcome: 'reset' },
  ],
  [
    { request: resets, answer: RESET, outcome: 'reset' },
    { request: deactivates, answer: DEACTIVATED, outcome: 'deactivated' },
  ],
];

const races: Race[] = [
  ...crossings.flatMap(([one, two]) =>
    (['ana', 'bea'] as const).map((first): Race => ({
      first: one.request(first),
      second: two.request(other(first)),
      // The first ends the second's author's tokens: the second is refused, and nothing of it is written.
      answers: [one.answer, ENDED],
      outcome: { [first]: 'untouched', [other(first)]: one.outcome } as Record<Name, Outcome>,
    })),
  ),
  ...(['ana', 'bea'] as const).map(
    (first): Race => ({
      first: reactivates(first),
      second: deactivates(other(first)),
      // The first changes nothing of its target's: the second's author is still who her token says.
      answers: [[200], DEACTIVATED],
      outcome: { [first]: 'deactivated', [other(first)]: 'untouched' } as Record<Name, Outcome>,
    }),
  ),
];

async function assertOutcome(admin: TestAdmin, root: string, who: Admin, outcome: Outcome): Promise<void> {
  const session = (await admin.get('/auth/me', who.token)).status;
  const logsIn = async (password: string) => (await admin.post('/auth/login', { username: who.username, password })).status;
  const activo = (await admin.get(`/admin/usuario/${who.id}`, root)).body.activo;
  const seen = { session, activo, oldPassword: await logsIn(TEST_PASSWORD), resetPassword: await logsIn(RESET_PASSWORD) };
  const expected = {
    untouched: { session: 200, activo: true, oldPassword: 200, resetPassword: 401 },
    deactivated: { session: 401, activo: false, oldPassword: 401, resetPassword: 401 },
    reset: { session: 401, activo: true, oldPassword: 401, resetPassword: 200 },
  }[outcome];
  assert.deepEqual(seen, expected, `${who.username} should be ${outcome}`);
}

describeWithPostgres('two admins changing each other\'s account at once (PostgreSQL)', (pg) => {
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
        const anAdmin = async (username: string): Promise<Admin> => {
          const created = await admin.post('/admin/usuario', { username, password: TEST_PASSWORD, rol: 'admin' }, root);
          assert.equal(created.status, 201, JSON.stringify(created.body));
          return { id: created.body.id_user, username, token: await admin.login(username, TEST_PASSWORD) };
        };
        const pair: Pair = { ana: await anAdmin('ana.cruce'), bea: await anAdmin('bea.cruce') };
        assert.ok(pair.ana.id < pair.bea.id, 'ana has the lower id');

        const got = await raceAtUserRowLocks(
          watcher,
          database,
          [pair.ana.id, pair.bea.id],
          () => race.first.send(admin, pair),
          () => race.second.send(admin, pair),
        );
        assert.deepEqual(got.map(answerOf), race.answers, JSON.stringify(got.map((res) => res.body)));
        for (const name of ['ana', 'bea'] as const) await assertOutcome(admin, root, pair[name], race.outcome[name]);
      } finally {
        await admin.close();
      }
      assert.equal(await deadlocksOnceClosed(watcher, database), 0, 'the two admins\' requests deadlocked: one waited deadlock_timeout and ran again');
    });
  }
});
