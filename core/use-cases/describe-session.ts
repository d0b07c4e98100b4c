import { DomainError } from '../domain/errors';
import type { Principal } from '../domain/roles';
import { assertAccountActs } from '../domain/user';
import type { TokenSession } from '../ports/tokens';
import type { AdminPorts } from './admin-use-cases';
import { principalOf } from './principal-of';

/**
 * The live side of authentication, on every request to admin (and through
 * GET /auth/me, every SESSION_CHECK_SECONDS, to citas): the token's user must
 * still exist, be active and have the same role, the token must be of the
 * user's current token generation (a password change or a deactivation
 * moves it on) and not logged out. `execute` answers GET /auth/me.
 */
export class DescribeSession {
  constructor(private readonly ports: Pick<AdminPorts, 'users' | 'doctors' | 'patients' | 'revokedTokens'>) {}

  async confirm(principal: Principal, session: Pick<TokenSession, 'id' | 'generation'>): Promise<void> {
    const user = await this.ports.users.byId(principal.userId);
    assertAccountActs(user, principal);
    if (user.tokenGeneration !== session.generation || (await this.ports.revokedTokens.isRevoked(session.id))) {
      throw new DomainError('TOKEN_INVALIDO', 'Esta sesión se cerró o la contraseña cambió; inicie sesión de nuevo.');
    }
  }

  async execute(principal: Principal): Promise<Principal> {
    const user = await this.ports.users.byId(principal.userId);
    if (!user || !user.activo) throw new DomainError('TOKEN_INVALIDO', 'La cuenta de este token ya no está activa.');
    return principalOf(user, this.ports.doctors, this.ports.patients);
  }
}
