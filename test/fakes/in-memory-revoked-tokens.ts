import type { RevokedTokens } from '../../core/ports/revoked-tokens';

/** Revoked token ids with their expiry; expired ones are forgotten on the next revocation, as in SQLite. */
export class InMemoryRevokedTokens implements RevokedTokens {
  readonly expiries = new Map<string, number>();

  revoke(id: string, expiresAt: Date, now: Date): Promise<void> {
    for (const [k, at] of this.expiries) if (at < now.getTime()) this.expiries.delete(k);
    if (!this.expiries.has(id)) this.expiries.set(id, expiresAt.getTime());
    return Promise.resolve();
  }

  isRevoked(id: string): Promise<boolean> {
    return Promise.resolve(this.expiries.has(id));
  }
}
