import assert from 'node:assert/strict';
import type { TestAdmin } from '../support/admin';
import { TEST_PASSWORD } from '../support/citas';
import { type Answer, describeUserRowRaces, type RaceRequest, type UserRowRace } from '../support/user-row-races';

/**
 * Two of her own requests that each change her account (her password, one
 * of her tokens, her activo) at once, on PostgreSQL. Every admin write
 * first locks her row to re-check her token (core/use-cases/admin-writes.ts);
 * two runs that both held it only against changes, and then both changed
 * it, would wait for each other until PostgreSQL broke the deadlock after
 * `deadlock_timeout`: a second's wait for her, a deadlock in the server's
 * log, and a run done twice.
 *
 * The race is set up in its worst order, never by sleeping: the first
 * request is held just past the statement that locked her row, the second
 * let reach the same point or wait for that lock in the server; whether
 * anything deadlocked is asked of the server (describeUserRowRaces).
 */

interface Her {
  id: number;
  username: string;
  /** Two sessions of hers: two logins. */
  tokens: [string, string];
}

type Request = RaceRequest<Her>;

const FIRST_PASSWORD = 'Primera-Nueva-2027';
const SECOND_PASSWORD = 'Segunda-Nueva-2027';
const RESET_PASSWORD = 'Repuesta-Por-Ella-2027';

const changeTo = (password: string, session: 0 | 1): Request => ({
  name: `her change of password to ${password} (session ${session + 1})`,
  send: (admin, me) => admin.request('POST', '/auth/password', { password_actual: TEST_PASSWORD, password_nueva: password }, me.tokens[session]),
});
const logOut = (session: 0 | 1): Request => ({
  name: `her logout (session ${session + 1})`,
  send: (admin, me) => admin.request('POST', '/auth/logout', undefined, me.tokens[session]),
});
const resetOwn: Request = {
  name: 'her reset of her own password',
  send: (admin, me) => admin.post(`/admin/usuario/${me.id}/password`, { password_nueva: RESET_PASSWORD }, me.tokens[0]),
};
const deactivateSelf: Request = {
  name: 'her deactivation of herself',
  send: (admin, me) => admin.request('DELETE', `/admin/usuario/${me.id}`, undefined, me.tokens[0]),
};

const logsIn = async (admin: TestAdmin, me: Her, password: string) => (await admin.post('/auth/login', { username: me.username, password })).status;
const sessionStatus = async (admin: TestAdmin, token: string) => (await admin.get('/auth/me', token)).status;

const ENDED: Answer = [401, 'TOKEN_INVALIDO'];

const races: UserRowRace<Her>[] = [
  {
    first: changeTo(FIRST_PASSWORD, 0),
    second: changeTo(SECOND_PASSWORD, 0),
    answers: [[204], ENDED],
    after: async (admin, me) => {
      assert.equal(await logsIn(admin, me, FIRST_PASSWORD), 200, 'the first new password is hers');
      assert.equal(await logsIn(admin, me, SECOND_PASSWORD), 401, 'the second one never was');
    },
  },
  {
    first: logOut(0),
    second: logOut(0),
    answers: [[204], ENDED],
    after: async (admin, me) => assert.deepEqual([await sessionStatus(admin, me.tokens[0]), await sessionStatus(admin, me.tokens[1])], [401, 200]),
  },
  {
    first: changeTo(FIRST_PASSWORD, 0),
    second: logOut(0),
    answers: [[204], ENDED],
    after: async (admin, me) => assert.equal(await logsIn(admin, me, FIRST_PASSWORD), 200),
  },
  {
    first: logOut(0),
    second: changeTo(FIRST_PASSWORD, 0),
    answers: [[204], ENDED],
    after: async (admin, me) => assert.equal(await logsIn(admin, me, TEST_PASSWORD), 200, 'her password did not change'),
  },
  {
    first: logOut(0),
    second: changeTo(FIRST_PASSWORD, 1),
    answers: [[204], [204]],
    after: async (admin, me) => {
      assert.equal(await sessionStatus(admin, me.tokens[0]), 401);
      assert.equal(await logsIn(admin, me, FIRST_PASSWORD), 200);
    },
  },
  {
    first: resetOwn,
    second: logOut(0),
    answers: [[204], ENDED],
    after: async (admin, me) => assert.equal(await logsIn(admin, me, RESET_PASSWORD), 200),
  },
  {
    first: deactivateSelf,
    second: deactivateSelf,
    answers: [[422, 'VALIDACION'], [422, 'VALIDACION']],
    after: async (admin, me) => assert.equal(await sessionStatus(admin, me.tokens[0]), 200, 'she is still active, her token still good'),
  },
];

describeUserRowRaces(
  'two of her own requests changing her account at once (PostgreSQL)',
  races,
  async (admin, root) => {
    const username = 'jefa.carrera';
    const created = await admin.post('/admin/usuario', { username, password: TEST_PASSWORD, rol: 'admin' }, root);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return { id: created.body.id_user, username, tokens: [await admin.login(username, TEST_PASSWORD), await admin.login(username, TEST_PASSWORD)] };
  },
  (me) => [me.id],
);
