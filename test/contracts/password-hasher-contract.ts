import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PasswordHasher } from '../../core/ports/password-hasher';

/**
 * What LogIn and the account use cases rely on from a PasswordHasher, run
 * against the readable fake and against Argon2id. Every hash a real run
 * makes costs ~15 ms of a core, so the suite hashes three times in all and
 * reuses one stored hash for the checks that only verify.
 */
export interface PasswordHasherFixture {
  /** The hasher with today's parameters. */
  hasher: PasswordHasher;
  /** The same kind of hasher with other (older) parameters: what a stored hash from an earlier release was made with. */
  older: PasswordHasher;
}

const PASSWORD = 'Clave2026segura';

export function passwordHasherContract(name: string, make: () => PasswordHasherFixture): void {
  describe(`PasswordHasher contract: ${name}`, () => {
    let f: PasswordHasherFixture;
    let stored: string;
    before(async () => {
      f = make();
      stored = await f.hasher.hash(PASSWORD);
    });

    it('accepts the password the hash was made from', async () => {
      assert.equal(await f.hasher.verify(stored, PASSWORD), true);
    });

    it('refuses every other password, near misses included', async () => {
      for (const wrong of ['clave2026segura', 'Clave2026segura ', 'Clave2026segur', 'Clave2026segura2', '']) {
        assert.equal(await f.hasher.verify(stored, wrong), false, `"${wrong}" must not match`);
      }
    });

    it('answers false, never throws, for a stored hash that is empty or malformed, whatever the password', async () => {
      // A column holding plain text or a truncated hash must be a failed login (401), never a 500 and never a way in.
      for (const malformed of ['', PASSWORD, 'v2', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA']) {
        assert.equal(await f.hasher.verify(malformed, PASSWORD), false, `"${malformed}" verified "${PASSWORD}"`);
        assert.equal(await f.hasher.verify(malformed, malformed), false, `"${malformed}" verified itself`);
      }
    });

    it('does not ask to rehash a fresh hash, asks for one made with older parameters, and still accepts the old one so login can upgrade it', async () => {
      const old = await f.older.hash(PASSWORD);
      assert.equal(f.hasher.needsRehash(stored), false);
      assert.equal(f.hasher.needsRehash(old), true);
      assert.equal(await f.hasher.verify(old, PASSWORD), true);
      assert.equal(await f.hasher.verify(old, 'otra-clave-2026'), false);
    });

    it('keeps every character of a long Unicode password: one differing only at the end is refused', async () => {
      // bcrypt famously ignores everything after byte 72; 'ñ' and the emoji are several bytes each.
      const long = `contraseña-ñandú-🦷-${'x'.repeat(80)}`;
      const hash = await f.hasher.hash(`${long}1`);
      assert.equal(await f.hasher.verify(hash, `${long}1`), true);
      assert.equal(await f.hasher.verify(hash, `${long}2`), false);
    });
  });
}
