import type { PasswordHasher } from '../../core/ports/password-hasher';

/**
 * A readable stand-in for Argon2 ("v2:<password>"): use-case tests check
 * which password was stored without paying for a real hash. Hashes of an
 * older "version" need rehashing, to exercise the upgrade on login. Anything
 * not shaped "v<n>:..." is a malformed hash and verifies nothing, as with
 * Argon2 (test/contracts/password-hasher-contract.ts).
 */
export class FakePasswordHasher implements PasswordHasher {
  verified: string[] = [];
  hashes = 0;

  constructor(private readonly version = 'v2') {}

  async hash(password: string): Promise<string> {
    this.hashes++;
    return `${this.version}:${password}`;
  }

  async verify(hash: string, password: string): Promise<boolean> {
    this.verified.push(hash);
    const readable = /^v\d+:(.*)$/s.exec(hash);
    return readable !== null && readable[1] === password;
  }

  needsRehash(hash: string): boolean {
    return !hash.startsWith(`${this.version}:`);
  }
}
