import { assertMay } from '../domain/access';
import type { Principal } from '../domain/roles';
import type { TokenSession } from '../ports/tokens';
import type { AdminPorts } from './admin-use-cases';

/**
 * POST /auth/logout: this token is refused from then on (kept revoked until
 * it expires); the same user's other sessions go on.
 */
export class LogOut {
  constructor(private readonly ports: Pick<AdminPorts, 'revokedTokens' | 'clock'>) {}

  async execute(who: Principal, session: TokenSession): Promise<void> {
    assertMay(who, 'sesion.cerrar');
    await this.ports.revokedTokens.revoke(session.id, session.expiresAt, this.ports.clock.now());
  }
}
