import { assertMay } from '../domain/access';
import type { Principal } from '../domain/roles';
import type { Clock } from '../ports/clock';
import type { RevokedTokens } from '../ports/revoked-tokens';
import type { TokenSession } from '../ports/tokens';

/**
 * POST /auth/logout: this token is refused from then on (kept revoked until
 * it expires); the same user's other sessions go on.
 */
export class LogOut {
  constructor(
    private readonly revokedTokens: RevokedTokens,
    private readonly clock: Clock,
  ) {}

  execute(who: Principal, session: TokenSession): void {
    assertMay(who, 'sesion.cerrar');
    this.revokedTokens.revoke(session.id, session.expiresAt, this.clock.now());
  }
}
