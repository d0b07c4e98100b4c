import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import jwt from 'jsonwebtoken';
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
    const { token } = await issuer.issue({ userId: 7, username: 'luis', rol: 'paciente', idPaciente: 3 }, 2);
    const first = await verifier.verify(token);
    first.principal.rol = 'admin'; // a caller mutating its copy must not change what is remembered
    first.session.generation = 9;
    const again = await verifier.verify(token);
    assert.deepEqual(again.principal, { userId: 7, username: 'luis', rol: 'paciente', idPaciente: 3 });
    assert.equal(again.session.generation, 2);
    clock.advanceMinutes(2); // past the 60 s lifetime and the 5 s tolerance
    await assert.rejects(verifier.verify(token), code('TOKEN_EXPIRADO'));
  });

  it('never lets a tampered copy of a remembered token through', async () => {
    const verifier = new JwtTokenVerifier(new LocalVerificationKeys(ring), SETTINGS, clock);
    const { token } = await issuer.issue({ userId: 8, username: 'ana', rol: 'secretaria' }, 0);
    await verifier.verify(token);
    const [h, p, sig] = token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, rol: 'admin' })).toString('base64url')}.${sig}`;
    await assert.rejects(verifier.verify(forged), code('TOKEN_INVALIDO'));
  });

  it('refuses a token whose payload is not JSON with TOKEN_INVALIDO, not a crash', async () => {
    const verifier = new JwtTokenVerifier(new LocalVerificationKeys(ring), SETTINGS, clock);
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    const header = b64(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: ring.current.kid }));
    await assert.rejects(verifier.verify(`${header}.${b64('{"sub":\u0001}')}.${b64('firma')}`), code('TOKEN_INVALIDO'));
  });

  it('reads a token made before sessions existed (no jti, no gen) as generation 0 with the hash of the token as its id', async () => {
    const verifier = new JwtTokenVerifier(new LocalVerificationKeys(ring), SETTINGS, clock);
    const key = ring.current;
    const iat = Math.floor(clock.now().getTime() / 1000);
    const legacy = jwt.sign({ sub: '8', username: 'ana', rol: 'secretaria', iat }, key.privateKey, { algorithm: 'RS256', keyid: key.kid, ...SETTINGS, expiresIn: 60 });
    const { session } = await verifier.verify(legacy);
    assert.equal(session.generation, 0);
    assert.equal(session.id, createHash('sha256').update(legacy).digest('base64url'));
    const bad = jwt.sign({ sub: '8', username: 'ana', rol: 'secretaria', gen: -1, iat }, key.privateKey, { algorithm: 'RS256', keyid: key.kid, ...SETTINGS, expiresIn: 60 });
    await assert.rejects(verifier.verify(bad), code('TOKEN_INVALIDO'));
    rmSync(dir, { recursive: true, force: true });
  });
});
