import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Argon2PasswordHasher, OWASP_ARGON2ID } from '../../adapters/security/argon2-password-hasher';
import { passwordHasherContract } from '../contracts/password-hasher-contract';

// Production's parameters; one hash at a time, so the suite takes one core of the shared machine.
const today = () => new Argon2PasswordHasher(OWASP_ARGON2ID, 1);

passwordHasherContract('Argon2PasswordHasher (Argon2id, OWASP parameters)', () => ({
  hasher: today(),
  // A cheaper earlier setting: quick to make, and exactly what needsRehash must notice.
  older: new Argon2PasswordHasher({ memoryCost: 4096, timeCost: 1, parallelism: 1 }, 1),
}));

describe('Argon2PasswordHasher stores no password, only salted Argon2id PHC strings', () => {
  it('hashes one password twice into two different PHC strings that do not contain it', async () => {
    const hasher = today();
    const [a, b] = [await hasher.hash('Clave2026segura'), await hasher.hash('Clave2026segura')];
    assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    assert.notEqual(a, b, 'each hash has its own salt');
    assert.ok(!a.includes('Clave2026segura'));
  });
});
