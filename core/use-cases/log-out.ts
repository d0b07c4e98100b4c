import { assertMay } from '../domain/access';
import type { Principal } from '../domain/roles';
import type { TokenSession } from '../ports/tokens';
import type { AdminDeps } from './admin-use-cases';

/**
 * POST /auth/logout: this token is refused from then on (kept revoked until
 * it expires); the same user's other sessions go on. Written as her writes
 * are (admin-writes.ts), as a change of her own account (it ends one of her
 * tokens), so a write of hers still in flight commits before the logout is
 * answered, never after, and two logouts of one token take turns: the
 * second is refused as the first left the token (401).
 */
export class LogOut {
  constructor(private readonly ports: Pick<AdminDeps, 'revokedTokens' | 'clock' | 'writes'>) {}

  async execute(who: Principal, session: TokenSession): Promise<void> {
    assertMay(who, 'sesion.cerrar');
    const { revokedTokens, clock, writes } = this.ports;
    await writes.run({ ...who, session }, () => revokedTokens.revoke(session.id, session.expiresAt, clock.now()), { changesAccount: who.userId });
  }
}
