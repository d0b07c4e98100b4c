import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '../../core/domain/errors';
import { KeyRing } from '../../adapters/security/key-ring';
import { JwtTokenIssuer, JwtTokenVerifier, LocalVerificationKeys } from '../../adapters/security/jwt-tokens';
import { FixedClock } from '../fakes/fixed-clock';

const SETTINGS = { issuer: 'odontocare-admin', audience: 'odontocare' };
const code = (expected: string) => (err: unknown) => err instanceof DomainError && err.code === expected;

describe('JwtTokenVerifier remembers verified tokens only until they expire', () => {
  const dir = mkdtempSync(join(tmpdir(), 'odontocare-jwt-'));
  const clock = new FixedClock();
  const ring = KeyRing.openOrCreate(join(dir, 'jwt-keys.json'), clock);
  const issuer = new JwtTokenIssuer(ring, { ...SETTINGS, ttlSeconds: 60 }, clock);

  it('answers the same principal again, and an expired token is refused even after it was remembered', async () => {
    const verifier = new JwtTokenVerifier(new LocalVerificationKeys(ring), SETTINGS, clock);
    const { token } = await issuer.issue({ userId: 7, username: 'luis', rol: 'paciente', idPaciente: 3 });
    const first = await verifier.verify(token);
    first.rol = 'admin'; // a caller mutating its copy must not change what is remembered
    assert.deepEqual(await verifier.verify(token), { userId: 7, username: 'luis', rol: 'paciente', idPaciente: 3 });
    clock.advanceMinutes(2); // past the 60 s lifetime and the 5 s tolerance
    await assert.rejects(verifier.verify(token), code('TOKEN_EXPIRADO'));
  });

  it('never lets a tampered copy of a remembered token through', async () => {
    const verifier = new JwtTokenVerifier(new LocalVerificationKeys(ring), SETTINGS, clock);
    const { token } = await issuer.issue({ userId: 8, username: 'ana', rol: 'secretaria' });
    await verifier.verify(token);
    const [h, p, sig] = token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, rol: 'admin' })).toString('base64url')}.${sig}`;
    await assert.rejects(verifier.verify(forged), code('TOKEN_INVALIDO'));
    rmSync(dir, { recursive: true, force: true });
  });
});
