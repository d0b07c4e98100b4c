import type { RevokedTokens } from '../../core/ports/revoked-tokens';
import { type Db, serialOf, writeOf } from './open-database';

/** Logged-out tokens in admin.db (migration 3), kept until they expire; expired ones are deleted on the next revocation. */
export class SqliteRevokedTokens implements RevokedTokens {
  private readonly serial;
  private readonly write;
  private readonly insert;
  private readonly purge;
  private readonly select;

  constructor(db: Db) {
    this.serial = serialOf(db);
    this.write = writeOf(db);
    this.insert = db.prepare<[string, string]>('INSERT OR IGNORE INTO revoked_tokens (id, expires_at) VALUES (?, ?)');
    this.purge = db.prepare<[string]>('DELETE FROM revoked_tokens WHERE expires_at < ?');
    this.select = db.prepare<[string], number>('SELECT 1 FROM revoked_tokens WHERE id = ?').pluck();
  }

  revoke(id: string, expiresAt: Date, now: Date): Promise<void> {
    return this.write(() => {
      this.purge.run(now.toISOString());
      this.insert.run(id, expiresAt.toISOString());
    });
  }

  isRevoked(id: string): Promise<boolean> {
    return this.serial.call(() => this.select.get(id) !== undefined);
  }
}
