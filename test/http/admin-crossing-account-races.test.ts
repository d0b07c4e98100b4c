import assert from 'node:assert/strict';
import type { TestAdmin } from '../support/admin';
import { TEST_PASSWORD } from '../support/citas';
import { type Answer, describeUserRowRaces, type RaceRequest, type UserRowRace } from '../support/user-row-races';

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
 * requests stand (the first held past its first lock on either row, the
 * second let reach one too or wait for it in the server), the deadlocks
 * asked of the server (describeUserRowRaces).
 */

type Name = 'ana' | 'bea';

interface Admin {
  id: number;
  username: string;
  token: string;
}

type Pair = Record<Name, Admin>;

type Request = RaceRequest<Pair>;

/** What became of an account once both requests were answered. */
type Outcome = 'untouched' | 'deactivated' | 'reset';

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

/** The requests that end their target's tokens: what each answers when it goes through, and what it leaves its target. */
const ENDINGS = {
  deactivation: { request: deactivates, answer: [200] as Answer, outcome: 'deactivated' as const },
  reset: { request: resets, answer: [204] as Answer, outcome: 'reset' as const },
};

/** The crossing requests, first then second; each pair is sent with either admin first. */
const crossings: [keyof typeof ENDINGS, keyof typeof ENDINGS][] = [
  ['deactivation', 'deactivation'],
  ['reset', 'reset'],
  ['deactivation', 'reset'],
  ['reset', 'deactivation'],
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

const outcomes = (first: Name, outcome: { first: Outcome; second: Outcome }) => async (admin: TestAdmin, pair: Pair, root: string) => {
  await assertOutcome(admin, root, pair[first], outcome.first);
  await assertOutcome(admin, root, pair[other(first)], outcome.second);
};

const races: UserRowRace<Pair>[] = [
  ...crossings.flatMap(([one, two]) =>
    (['ana', 'bea'] as const).map((first): UserRowRace<Pair> => ({
      first: ENDINGS[one].request(first),
      second: ENDINGS[two].request(other(first)),
      // The first ends the second's author's tokens: the second is refused, and nothing of it is written.
      answers: [ENDINGS[one].answer, ENDED],
      after: outcomes(first, { first: 'untouched', second: ENDINGS[one].outcome }),
    })),
  ),
  ...(['ana', 'bea'] as const).map(
    (first): UserRowRace<Pair> => ({
      first: reactivates(first),
      second: deactivates(other(first)),
      // The first changes nothing of its target's: the second's author is still who her token says.
      answers: [[200], ENDINGS.deactivation.answer],
      after: outcomes(first, { first: 'deactivated', second: 'untouched' }),
    }),
  ),
];

describeUserRowRaces(
  'two admins changing each other\'s account at once (PostgreSQL)',
  races,
  async (admin, root) => {
    const anAdmin = async (username: string): Promise<Admin> => {
      const created = await admin.post('/admin/usuario', { username, password: TEST_PASSWORD, rol: 'admin' }, root);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return { id: created.body.id_user, username, token: await admin.login(username, TEST_PASSWORD) };
    };
    const pair: Pair = { ana: await anAdmin('ana.cruce'), bea: await anAdmin('bea.cruce') };
    assert.ok(pair.ana.id < pair.bea.id, 'ana has the lower id');
    return pair;
  },
  (pair) => [pair.ana.id, pair.bea.id],
);
