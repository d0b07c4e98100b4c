import { assertMay } from '../domain/access';
import type { Principal } from '../domain/roles';
import type { TokenSession } from '../ports/tokens';
import type { AdminDeps } from './admin-use-cases';

/**
 * POST /auth/logout: this token is refused from then on (kept revoked until
 * it expires); the same user's other sessions go on. Written as her writes
 * are (admin-writes.ts), and after them: it reads her row as one about to
 * change it, so a write of hers still in flight, which holds that row against
 * changes, commits before the logout is answered, never after.
 */
export class LogOut {
  constructor(private readonly ports: Pick<AdminDeps, 'users' | 'revokedTokens' | 'clock' | 'writes'>) {}

  async execute(who: Principal, session: TokenSession): Promise<void> {
    assertMay(who, 'sesion.cerrar');
    const { users, revokedTokens, clock, writes } = this.ports;
    await writes.run({ ...who, session }, async () => {
      await users.byId(who.userId);
      await revokedTokens.revoke(session.id, session.expiresAt, clock.now());
    });
  }
}
