import { DomainError } from '../domain/errors';
import type { Principal } from '../domain/roles';
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
    await confirmedAccount(await this.ports.users.byId(principal.userId), principal, session, this.ports.revokedTokens);
  }

  async execute(principal: Principal): Promise<Principal> {
    const user = await this.ports.users.byId(principal.userId);
    if (!user || !user.activo) throw new DomainError('TOKEN_INVALIDO', 'La cuenta de este token ya no está activa.');
    return principalOf(user, this.ports.doctors, this.ports.patients);
  }
}
