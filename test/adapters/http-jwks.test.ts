import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '../../core/domain/errors';
import type { Principal } from '../../core/domain/roles';
import { AdminClient } from '../../adapters/remote/admin-client';
import { SystemClock } from '../../adapters/clock/system-clock';
import { HttpJwksKeys, type JwksOptions } from '../../adapters/remote/http-jwks';
import { JwtTokenIssuer, JwtTokenVerifier } from '../../adapters/security/jwt-tokens';
import { KeyRing } from '../../adapters/security/key-ring';
import { FixedClock } from '../fakes/fixed-clock';
import { startTestAdmin } from '../support/admin';

const SETTINGS = { issuer: 'odontocare-admin', audience: 'odontocare' };
const someone: Principal = { userId: 9, username: 'pac9', rol: 'paciente', idPaciente: 4 };

/** Serves a KeyRing's JWKS like admin does; `up = false` makes it refuse with 503. */
class JwksStub {
  fetches = 0;
  up = true;
  private server = http.createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
    this.fetches++;
    if (!this.up) return void res.writeHead(503).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.ring.jwks()));
  });
  constructor(public ring: KeyRing) {}
  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

describe('HttpJwksKeys', () => {
  let dir: string;
  let ring: KeyRing;
  let stub: JwksStub;
  let url: string;
  const clients: AdminClient[] = [];

  /** Tokens are signed at this instant; a test that moves time gives its verifier a clock of its own, so TTL and refetch intervals are tested without waiting. */
  const signedAt = new FixedClock();
  const verifierFor = (opts: Partial<JwksOptions> = {}, clock = new FixedClock()) => {
    const client = new AdminClient({ baseUrl: url, timeoutMs: 5000, retries: 0, retryInitialDelayMs: 10, breakerThreshold: 100, halfOpenAfterMs: 500, clock });
    clients.push(client);
    const keys = new HttpJwksKeys(client, { ttlMs: 600_000, unknownKidRefetchMs: 30_000, failureBackoffMs: 5_000, ...opts }, clock);
    return new JwtTokenVerifier(keys, SETTINGS, clock);
  };
  const sign = (r: KeyRing, p: Principal = someone, ttlSeconds = 3600) => new JwtTokenIssuer(r, { ...SETTINGS, ttlSeconds }, signedAt).issue(p, 0);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jwks-test-'));
    ring = KeyRing.openOrCreate(join(dir, 'keys.json'), signedAt);
    stub = new JwksStub(ring);
    url = await stub.start();
  });
  after(async () => {
    for (const c of clients) c.close();
    await stub.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies a token signed by the published key and reads who it speaks for', async () => {
    const { token } = await sign(ring);
    assert.deepEqual((await verifierFor().verify(token)).principal, someone);
  });

  it('fetches the key set once and serves later tokens from its cache', async () => {
    const verifier = verifierFor();
    const before = stub.fetches;
    for (let i = 0; i < 5; i++) await verifier.verify((await sign(ring)).token);
    assert.equal(stub.fetches - before, 1);
  });

  it('refuses a token signed with a key admin never published (401), refetching at most once per interval', async () => {
    const clock = new FixedClock();
    const verifier = verifierFor({}, clock);
    await verifier.verify((await sign(ring)).token); // cache filled
    const stranger = KeyRing.openOrCreate(join(dir, 'stranger.json'), signedAt);
    const before = stub.fetches;
    for (let i = 0; i < 10; i++) {
      await assert.rejects(verifier.verify((await sign(stranger)).token), (e) => e instanceof DomainError && e.code === 'TOKEN_INVALIDO');
    }
    assert.equal(stub.fetches - before, 0, 'just fetched: an unknown kid does not refetch within 30 s');
    clock.advanceMinutes(1);
    await assert.rejects(verifier.verify((await sign(stranger)).token), (e) => e instanceof DomainError && e.code === 'TOKEN_INVALIDO');
    assert.equal(stub.fetches - before, 1);
  });

  it('picks up a rotated key without a restart', async () => {
    const clock = new FixedClock();
    const verifier = verifierFor({}, clock);
    await verifier.verify((await sign(ring)).token);
    clock.advanceMinutes(1);
    ring.rotate();
    const fresh = await sign(ring);
    assert.deepEqual((await verifier.verify(fresh.token)).principal, someone);
  });

  it('refuses an expired token with TOKEN_EXPIRADO', async () => {
    const expired = await sign(ring, someone, -60);
    await assert.rejects(verifierFor().verify(expired.token), (e) => e instanceof DomainError && e.code === 'TOKEN_EXPIRADO');
  });

  it('keeps verifying with cached keys while admin is down, even after the TTL', async () => {
    const clock = new FixedClock();
    const verifier = verifierFor({ ttlMs: 1000 }, clock);
    const { token } = await sign(ring);
    await verifier.verify(token);
    stub.up = false;
    try {
      clock.advanceMinutes(1);
      assert.deepEqual((await verifier.verify(token)).principal, someone);
    } finally {
      stub.up = true;
    }
  });

  it('answers 503 (not 401) when admin is down and no key is known yet', async () => {
    stub.up = false;
    try {
      const { token } = await sign(ring);
      await assert.rejects(verifierFor().verify(token), (e) => e instanceof DomainError && e.code === 'SERVICIO_NO_DISPONIBLE');
    } finally {
      stub.up = true;
    }
  });

  it('verifies tokens of the real admin service through its published JWKS', async () => {
    const admin = await startTestAdmin();
    // admin signs on the machine's clock, so this verifier reads it too
    const clock = new SystemClock();
    const client = new AdminClient({ baseUrl: admin.url, timeoutMs: 5000, retries: 1, retryInitialDelayMs: 10, breakerThreshold: 5, halfOpenAfterMs: 500, clock });
    try {
      const verifier = new JwtTokenVerifier(new HttpJwksKeys(client, { ttlMs: 600_000, unknownKidRefetchMs: 30_000, failureBackoffMs: 5000 }, clock), SETTINGS, clock);
      const { principal } = await verifier.verify(await admin.adminToken());
      assert.equal(principal.rol, 'admin');
      assert.equal(principal.username, admin.config.bootstrap.username);
    } finally {
      client.close();
      await admin.close();
    }
  });
});
