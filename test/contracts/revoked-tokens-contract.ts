import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RevokedTokens } from '../../core/ports/revoked-tokens';

/** What logout and the live session check rely on (core/ports/revoked-tokens.ts), for the fake and SQLite alike. */
export function revokedTokensContract(name: string, make: () => { revoked: RevokedTokens; close?: () => void }): void {
  describe(`RevokedTokens contract: ${name}`, () => {
    const at = (iso: string) => new Date(iso);

    it('refuses a revoked id and only that one; revoking twice is harmless', async () => {
      const { revoked, close } = make();
      try {
        await revoked.revoke('uno', at('2026-03-02T10:00:00Z'), at('2026-03-02T09:00:00Z'));
        await revoked.revoke('uno', at('2026-03-02T10:00:00Z'), at('2026-03-02T09:00:00Z'));
        assert.deepEqual([await revoked.isRevoked('uno'), await revoked.isRevoked('dos')], [true, false]);
      } finally {
        close?.();
      }
    });

    it('keeps a revocation until its token expires, and forgets it once a later revocation finds it expired', async () => {
      const { revoked, close } = make();
      try {
        await revoked.revoke('corto', at('2026-03-02T09:30:00Z'), at('2026-03-02T09:00:00Z'));
        await revoked.revoke('largo', at('2026-03-02T12:00:00Z'), at('2026-03-02T09:00:00Z'));
        await revoked.revoke('otro', at('2026-03-02T12:00:00Z'), at('2026-03-02T09:29:59Z'));
        assert.equal(await revoked.isRevoked('corto'), true, 'still live at 09:29:59');
        await revoked.revoke('mas', at('2026-03-02T12:00:00Z'), at('2026-03-02T10:00:00Z'));
        assert.deepEqual(await Promise.all(['corto', 'largo', 'otro', 'mas'].map((id) => revoked.isRevoked(id))), [false, true, true, true]);
      } finally {
        close?.();
      }
    });
  });
}
