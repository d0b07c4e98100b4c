import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RevokedTokens } from '../../core/ports/revoked-tokens';

/** What logout and the live session check rely on (core/ports/revoked-tokens.ts), for the fake and SQLite alike. */
export function revokedTokensContract(name: string, make: () => { revoked: RevokedTokens; close?: () => void }): void {
  describe(`RevokedTokens contract: ${name}`, () => {
    const at = (iso: string) => new Date(iso);

    it('refuses a revoked id and only that one; revoking twice is harmless', () => {
      const { revoked, close } = make();
      try {
        revoked.revoke('uno', at('2026-03-02T10:00:00Z'), at('2026-03-02T09:00:00Z'));
        revoked.revoke('uno', at('2026-03-02T10:00:00Z'), at('2026-03-02T09:00:00Z'));
        assert.deepEqual([revoked.isRevoked('uno'), revoked.isRevoked('dos')], [true, false]);
      } finally {
        close?.();
      }
    });

    it('keeps a revocation until its token expires, and forgets it once a later revocation finds it expired', () => {
      const { revoked, close } = make();
      try {
        revoked.revoke('corto', at('2026-03-02T09:30:00Z'), at('2026-03-02T09:00:00Z'));
        revoked.revoke('largo', at('2026-03-02T12:00:00Z'), at('2026-03-02T09:00:00Z'));
        revoked.revoke('otro', at('2026-03-02T12:00:00Z'), at('2026-03-02T09:29:59Z'));
        assert.equal(revoked.isRevoked('corto'), true, 'still live at 09:29:59');
        revoked.revoke('mas', at('2026-03-02T12:00:00Z'), at('2026-03-02T10:00:00Z'));
        assert.deepEqual(['corto', 'largo', 'otro', 'mas'].map((id) => revoked.isRevoked(id)), [false, true, true, true]);
      } finally {
        close?.();
      }
    });
  });
}
