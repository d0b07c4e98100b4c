import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../core/ports/clock';
import { AdminClient } from '../../adapters/remote/admin-client';
import { HttpJwksKeys } from '../../adapters/remote/http-jwks';
import { JwtTokenIssuer, JwtTokenVerifier, LocalVerificationKeys, type VerificationKeys } from '../../adapters/security/jwt-tokens';
import { KeyRing } from '../../adapters/security/key-ring';
import { SystemClock } from '../../adapters/clock/system-clock';
import { tokensContract } from '../contracts/tokens-contract';

const SETTINGS = { issuer: 'odontocare-admin', audience: 'odontocare' };

/** The one place this file builds the JWT adapters, so a change to their constructors touches one line each. */
function jwtTokens(ring: KeyRing, clock: Clock, keys: VerificationKeys = new LocalVerificationKeys(ring)) {
  return {
    issuer: new JwtTokenIssuer(ring, { ...SETTINGS, ttlSeconds: 900 }, clock),
    verifier: new JwtTokenVerifier(keys, SETTINGS, clock),
  };
}

// Two rings made once (an RSA key takes a moment): admin's, and one the verifiers never trust.
const dir = mkdtempSync(join(tmpdir(), 'odontocare-jwt-contract-'));
const ring = KeyRing.openOrCreate(join(dir, 'jwt-keys.json'), new SystemClock());
const stranger = KeyRing.openOrCreate(join(dir, 'stranger-keys.json'), new SystemClock());
after(() => rmSync(dir, { recursive: true, force: true }));

// Admin issues and verifies with its own ring.
tokensContract('JwtTokenIssuer + JwtTokenVerifier on the admin key ring', (clock) => {
  const { issuer, verifier } = jwtTokens(ring, clock);
  return { issuer, verifier, foreign: jwtTokens(stranger, clock).issuer };
});

// Citas verifies admin's tokens with the keys admin publishes, fetched over HTTP.
tokensContract('JwtTokenIssuer + JwtTokenVerifier with the JWKS over HTTP (as citas)', async (clock) => {
  const server = http.createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ring.jwks()));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const client = new AdminClient({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    timeoutMs: 5000,
    retries: 0,
    retryInitialDelayMs: 10,
    breakerThreshold: 100,
    halfOpenAfterMs: 500,
    clock,
  });
  const keys = new HttpJwksKeys(client, { ttlMs: 600_000, unknownKidRefetchMs: 30_000, failureBackoffMs: 5_000 }, clock);
  const { issuer, verifier } = jwtTokens(ring, clock, keys);
  return {
    issuer,
    verifier,
    foreign: jwtTokens(stranger, clock).issuer,
    async close() {
      client.close();
      server.closeAllConnections();
      await new Promise<void>((closed) => server.close(() => closed()));
    },
  };
});
