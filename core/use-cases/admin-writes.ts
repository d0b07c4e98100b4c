import type { Actor } from '../ports/tokens';
import type { AdminPorts } from './admin-use-cases';
import { confirmedAccount } from './confirmed-account';

/**
 * Who writes when nobody is logged in: main.ts's first admin, created while
 * the user table is empty. It is an admin tied to no user row (userId 0; ids
 * start at 1) and to no token (its session is a placeholder), so there is no
 * account to read again; it passes the check below by being this very
 * object, which no token and no forgotten argument can produce.
 */
export const SYSTEM_ACTOR: Actor = Object.freeze({ userId: 0, username: 'sistema', rol: 'admin', session: Object.freeze({ id: '', generation: 0 }) });

/** What a write changes besides its records, as far as the lock on its author's row goes. */
export interface WriteScope {
  /**
   * The account (user id) whose row the write changes, or one of whose
   * tokens it ends (a logout: what the re-check reads). Named by the use
   * case, which knows it before the run starts.
   */
  changesAccount?: number;
}

/**
 * The one way admin's use cases write: a unit of work that first asks again
 * whether the actor's token still speaks for her account, by the session
 * check's own rule (confirmed-account.ts: active, same role, current token
 * generation, not logged out), and refuses as it would (401 TOKEN_INVALIDO).
 * The session check ran when the request came in; an admin deactivated,
 * demoted, whose password was reset or changed, or who logged out since
 * then must not have her write commit afterwards. Read inside the
 * transaction, such an end is either committed before (seen here, nothing
 * written) or waits for this write to commit (SQLite: one writer;
 * PostgreSQL: the read locks her row, which a deactivation or a new
 * password changes).
 *
 * How her row is locked is decided here, and only here:
 * - a write that leaves her account alone holds it against changes only
 *   (byIdShared), so her own writes run side by side;
 * - a write that changes her own account (her password, her activo, one of
 *   her tokens: `changesAccount` is her id) reads it as the row it changes
 *   (byId), from the start. Two of those that first held it shared and then
 *   both changed it would each wait for the other's shared hold: a deadlock,
 *   which PostgreSQL breaks only after deadlock_timeout (a second's wait,
 *   and the run done again). Held for change, they take turns, and the
 *   second's re-check sees what the first did. A logout changes no row of
 *   hers, but ends a token the re-check reads, so it too waits for her
 *   writes in flight and lands after them.
 * Doctors' and patients' accounts, which their records' writes change, are
 * never an admin's own.
 */
export class AdminWrites {
  constructor(private readonly ports: Pick<AdminPorts, 'users' | 'revokedTokens' | 'uow'>) {}

  run<T>(actor: Actor, work: () => Promise<T>, scope: WriteScope = {}): Promise<T> {
    const { users, revokedTokens, uow } = this.ports;
    return uow.run(async () => {
      if (actor !== SYSTEM_ACTOR) {
        const own = scope.changesAccount === actor.userId ? await users.byId(actor.userId) : await users.byIdShared(actor.userId);
        await confirmedAccount(own, actor, actor.session, revokedTokens);
      }
      return work();
    });
  }
}
