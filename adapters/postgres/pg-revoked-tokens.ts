import type { RevokedTokens } from '../../core/ports/revoked-tokens';
import type { PgDatabase } from './pg-database';

/** Logged-out tokens in the admin database on PostgreSQL, kept until they expire; expired ones are deleted on the next revocation. */
export class PgRevokedTokens implements RevokedTokens {
  constructor(private readonly db: PgDatabase) {}

  async revoke(id: string, expiresAt: Date, now: Date): Promise<void> {
    await this.db.query('DELETE FROM revoked_tokens WHERE expires_at < $1', [now]);
    await this.db.query('INSERT INTO revoked_tokens (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [id, expiresAt]);
  }

  async isRevoked(id: string): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 FROM revoked_tokens WHERE id = $1', [id]);
    return rows.length > 0;
  }
}
