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
 * password changes, against changes only: byIdShared, so her own writes
 * run side by side). A logout changes no row of hers, but reads it as one
 * that would (log-out.ts), so it waits too.
 */
export class AdminWrites {
  constructor(private readonly ports: Pick<AdminPorts, 'users' | 'revokedTokens' | 'uow'>) {}

  run<T>(actor: Actor, work: () => Promise<T>): Promise<T> {
    const { users, revokedTokens, uow } = this.ports;
    return uow.run(async () => {
      if (actor !== SYSTEM_ACTOR) await confirmedAccount(await users.byIdShared(actor.userId), actor, actor.session, revokedTokens);
      return work();
    });
  }
}
