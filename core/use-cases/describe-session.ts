import type { Principal } from '../domain/roles';
import type { User } from '../domain/user';
import type { TokenSession } from '../ports/tokens';
import type { AdminPorts } from './admin-use-cases';
import { confirmedAccount } from './confirmed-account';
import { principalOf } from './principal-of';

/**
 * The live side of authentication, on every request to admin (and through
 * GET /auth/me, every SESSION_CHECK_SECONDS, to citas): the token must still
 * speak for its account (confirmed-account.ts: active, same role, current
 * token generation, not logged out). `execute` answers GET /auth/me.
 */
export class DescribeSession {
  constructor(private readonly ports: Pick<AdminPorts, 'users' | 'doctors' | 'patients' | 'revokedTokens'>) {}

  async confirm(principal: Principal, session: Pick<TokenSession, 'id' | 'generation'>): Promise<void> {
    await this.confirmed(principal, session);
  }

  /** Asks the whole rule again rather than trusting the request's check: a logout or a password change may have ended the token since. */
  async execute(principal: Principal, session: Pick<TokenSession, 'id' | 'generation'>): Promise<Principal> {
    return principalOf(await this.confirmed(principal, session), this.ports.doctors, this.ports.patients);
  }

  private async confirmed(principal: Principal, session: Pick<TokenSession, 'id' | 'generation'>): Promise<User> {
    return confirmedAccount(await this.ports.users.byId(principal.userId), principal, session, this.ports.revokedTokens);
  }
}
