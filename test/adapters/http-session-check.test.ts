import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError } from '../../core/domain/errors';
import { AdminClient } from '../../adapters/remote/admin-client';
import { HttpSessionCheck, type SessionCheckOptions } from '../../adapters/remote/http-session-check';
import { aSecretaria } from '../builders/principals';
import { FixedClock } from '../fakes/fixed-clock';

/** admin's GET /auth/me, on demand: `user` answers 200 with that user, `status` anything else, `down` 503. */
class MeStub {
  requests = 0;
  user: { id_user: number; rol: string } | undefined;
  status = 200;
  private server = http.createServer((req, res) => {
    this.requests++;
    if (req.url !== '/auth/me') return void res.writeHead(404).end();
    if (this.status !== 200 || !this.user) return void res.writeHead(this.status).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...this.user, username: 'x' }));
  });
  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

describe('HttpSessionCheck (is the account behind a token still active?)', () => {
  let stub: MeStub;
  let url: string;
  const clients: AdminClient[] = [];
  const secretaria = aSecretaria(42);
  let clock = new FixedClock();

  const check = (opts: Partial<SessionCheckOptions> = {}) => {
    const client = new AdminClient({ baseUrl: url, timeoutMs: 5000, retries: 0, retryInitialDelayMs: 10, breakerThreshold: 100, halfOpenAfterMs: 500, clock });
    clients.push(client);
    return new HttpSessionCheck(client, { ttlMs: 30_000, outageGraceMs: 900_000, ...opts }, clock);
  };
  /** A verified token's session (its id, as the verifier answers it) and the token itself. */
  const tokenNamed = (token: string) => [{ id: `jti-${token}`, generation: 0, expiresAt: new Date(8.64e15) }, token] as const;
  const revoked = (e: unknown) => e instanceof DomainError && e.code === 'TOKEN_INVALIDO';

  before(async () => {
    stub = new MeStub();
    url = await stub.start();
  });
  after(async () => {
    for (const c of clients) c.close();
    await stub.stop();
  });
  const reset = () => {
    stub.requests = 0;
    stub.status = 200;
    stub.user = { id_user: 42, rol: 'secretaria' };
    clock = new FixedClock();
  };

  it('admits an active account and asks admin again only after the TTL', async () => {
    reset();
    const sessions = check();
    await sessions.confirm(secretaria, ...tokenNamed('tok-a'));
    await sessions.confirm(secretaria, ...tokenNamed('tok-a'));
    assert.equal(stub.requests, 1);
    clock.advanceMinutes(1); // past the 30 s TTL
    await sessions.confirm(secretaria, ...tokenNamed('tok-a'));
    assert.equal(stub.requests, 2);
  });

  it('asks once for many simultaneous requests with the same token', async () => {
    reset();
    const sessions = check();
    await Promise.all(Array.from({ length: 20 }, () => sessions.confirm(secretaria, ...tokenNamed('tok-b'))));
    assert.equal(stub.requests, 1);
  });

  it('refuses the token (401 TOKEN_INVALIDO) once admin no longer accepts it', async () => {
    reset();
    const sessions = check();
    await sessions.confirm(secretaria, ...tokenNamed('tok-c'));
    stub.status = 401; // the account was deactivated
    clock.advanceMinutes(1); // past the 30 s TTL
    await assert.rejects(sessions.confirm(secretaria, ...tokenNamed('tok-c')), revoked);
    await assert.rejects(sessions.confirm(secretaria, ...tokenNamed('tok-c')), revoked);
    assert.equal(stub.requests, 2, 'the refusal is remembered too');
  });

  it('refuses a token whose user admin reports differently (another id or role)', async () => {
    reset();
    stub.user = { id_user: 42, rol: 'admin' };
    await assert.rejects(check().confirm(secretaria, ...tokenNamed('tok-d')), revoked);
  });

  it('while admin is down: admits a recently confirmed token, answers 503 for an unknown one', async () => {
    reset();
    const sessions = check();
    await sessions.confirm(secretaria, ...tokenNamed('tok-e'));
    stub.status = 503;
    clock.advanceMinutes(1);
    await sessions.confirm(secretaria, ...tokenNamed('tok-e'));
    await assert.rejects(sessions.confirm(secretaria, ...tokenNamed('tok-never-seen')), (e) => e instanceof DomainError && e.code === 'SERVICIO_NO_DISPONIBLE');
    clock.advanceMinutes(15); // 16 min since the confirmation: past the 15 min grace
    await assert.rejects(sessions.confirm(secretaria, ...tokenNamed('tok-e')), (e) => e instanceof DomainError && e.code === 'SERVICIO_NO_DISPONIBLE');
  });
});
