import type { User } from '../domain/user';
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
 * How the rows of the accounts a write touches are locked is decided here,
 * and only here:
 * - a write that leaves every account alone holds hers against changes only
 *   (byIdShared), so her own writes run side by side;
 * - a write that changes her own account (her password, her activo, one of
 *   her tokens: `changesAccount` is her id) reads it as the row it changes
 *   (byId), from the start. Two of those that first held it shared and then
 *   both changed it would each wait for the other's shared hold: a deadlock,
 *   which PostgreSQL breaks only after deadlock_timeout (a second's wait,
 *   and the run done again). Held for change, they take turns, and the
 *   second's re-check sees what the first did. A logout changes no row of
 *   hers, but ends a token the re-check reads, so it too waits for her
 *   writes in flight and lands after them;
 * - a write that changes another account (a deactivation, a password
 *   reset: `changesAccount` is not her id) also locks that row, for change
 *   (byId), here, before the re-check: the two rows in one order, lower
 *   user id first, hers still held against changes only. Taken as each
 *   request meets them (hers, then the other's), two admins changing each
 *   other's accounts each held her own row and waited for the other's: the
 *   same deadlock, with the winner left to chance. In id order the second
 *   waits for the first at the first row both lock, having taken nothing
 *   the first wants, so it runs after it, and its re-check sees what the
 *   first did: her tokens ended (401), or left alone (it goes on). Hers is
 *   not taken for change: every change of another account would then wait
 *   for all her writes in flight, and hold back her next ones.
 * Doctors' and patients' accounts, which their records' writes change, are
 * never an admin's own, and never write to another account: their rows need
 * no order against hers.
 */
export class AdminWrites {
  constructor(private readonly ports: Pick<AdminPorts, 'users' | 'revokedTokens' | 'uow'>) {}

  run<T>(actor: Actor, work: () => Promise<T>, scope: WriteScope = {}): Promise<T> {
    const { revokedTokens, uow } = this.ports;
    return uow.run(async () => {
      if (actor !== SYSTEM_ACTOR) {
        await confirmedAccount(await this.lockAccounts(actor.userId, scope.changesAccount), actor, actor.session, revokedTokens);
      }
      return work();
    });
  }

  /** Locks the author's row and the one the write changes, as said above; answers the author's account. */
  private async lockAccounts(author: number, changed: number | undefined): Promise<User | undefined> {
    const { users } = this.ports;
    if (changed === author) return users.byId(author);
    if (changed !== undefined && changed < author) await users.byId(changed);
    const own = await users.byIdShared(author);
    if (changed !== undefined && changed > author) await users.byId(changed);
    return own;
  }
}
