import type { Principal } from '../domain/roles';
import { assertAccountActs } from '../domain/user';
import type { AdminPorts } from './admin-use-cases';

/**
 * Who writes when nobody is logged in: main.ts's first admin, created while
 * the user table is empty. It is an admin tied to no user row (userId 0; ids
 * start at 1), so there is no account to read again; it passes the check
 * below by being this very object, which no token and no forgotten argument
 * can produce.
 */
export const SYSTEM_ACTOR: Principal = Object.freeze({ userId: 0, username: 'sistema', rol: 'admin' });

/**
 * The one way admin's use cases write: a unit of work that first reads the
 * acting account again and refuses, as the session check would (401
 * TOKEN_INVALIDO), unless it is still active with the same role. The session
 * check ran when the request came in; an admin deactivated (or her role
 * changed) since then must not have her write commit afterwards. Read inside
 * the transaction, the deactivation is either committed before (seen here,
 * nothing written) or waits for this write to commit (SQLite: one writer;
 * PostgreSQL: the read locks her row). One read by primary key.
 */
export class AdminWrites {
  constructor(private readonly ports: Pick<AdminPorts, 'users' | 'uow'>) {}

  run<T>(actor: Principal, work: () => Promise<T>): Promise<T> {
    const { users, uow } = this.ports;
    return uow.run(async () => {
      if (actor !== SYSTEM_ACTOR) assertAccountActs(await users.byId(actor.userId), actor);
      return work();
    });
  }
}
