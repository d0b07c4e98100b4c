import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, LoginError, ServiceUnreachableError } from '../../../loader/api-client';

/**
 * A stand-in admin service: tokens are "t1", "t2"...; a token listed in
 * `expired` gets 401 TOKEN_EXPIRADO, as the real one does when the TTL ends.
 */
class FakeAdmin {
  logins = 0;
  readonly expired = new Set<string>();
  password = 'OdontoCare2026!';
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.url === '/auth/login') {
      const { password } = JSON.parse(raw);
      if (password !== this.password) return send(401, { status: 401, code: 'CREDENCIALES_INVALIDAS', detail: 'Usuario o contraseña incorrectos.' });
      this.logins++;
      return send(200, { access_token: `t${this.logins}`, token_type: 'Bearer', expires_in: 3600 });
    }
    const token = (req.headers.authorization ?? '').replace('Bearer ', '');
    if (this.expired.has(token)) return send(401, { status: 401, code: 'TOKEN_EXPIRADO', detail: 'El token ha caducado.' });
    // a little latency so that concurrent requests really overlap
    await new Promise((r) => setTimeout(r, 20));
    return send(201, { token });
  }
}

describe('loader API client', () => {
  const admin = new FakeAdmin();
  before(() => admin.start());
  after(() => admin.stop());

  const client = (password = 'OdontoCare2026!') =>
    new ApiClient({ adminUrl: admin.url, citasUrl: admin.url, credentials: { username: 'admin', password } });

  it('logs in again once when the token expires mid-run, even with many requests in flight', async () => {
    const api = client();
    try {
      assert.equal((await api.post('admin', '/admin/centros', {})).status, 201);
      const before = admin.logins;
      admin.expired.add(`t${before}`);
      const answers = await Promise.all(Array.from({ length: 6 }, () => api.post('admin', '/admin/centros', {})));
      assert.deepEqual(
        answers.map((a) => a.status),
        [201, 201, 201, 201, 201, 201],
      );
      assert.equal(admin.logins, before + 1, 'one new login for all six requests');
      assert.equal(api.relogins, 1);
      assert.deepEqual(answers[0].body, { token: `t${before + 1}` });
    } finally {
      api.close();
    }
  });

  it('gives back the 401 when the fresh token is refused too, instead of logging in forever', async () => {
    const api = client();
    try {
      await api.login();
      const before = admin.logins;
      admin.expired.add(`t${before}`);
      admin.expired.add(`t${before + 1}`);
      const answer = await api.post('admin', '/admin/centros', {});
      assert.equal(answer.status, 401);
      assert.equal(admin.logins, before + 1);
    } finally {
      api.close();
    }
  });

  it('fails with a LoginError naming the admin when the credentials are refused', async () => {
    const api = client('otra-clave-1');
    try {
      await assert.rejects(api.post('admin', '/admin/centros', {}), (err: Error) => {
        assert.ok(err instanceof LoginError);
        assert.match(err.message, /"admin".*CREDENCIALES_INVALIDAS/);
        return true;
      });
    } finally {
      api.close();
    }
  });

  it('fails with a clear ServiceUnreachableError when nothing listens at the address', async () => {
    const api = new ApiClient({ adminUrl: 'http://127.0.0.1:9', citasUrl: 'http://127.0.0.1:9', credentials: { username: 'admin', password: 'x' } });
    try {
      await assert.rejects(api.probe('citas', '/health'), (err: Error) => {
        assert.ok(err instanceof ServiceUnreachableError);
        assert.match(err.message, /servicio citas en http:\/\/127\.0\.0\.1:9 .*CITAS_URL/);
        return true;
      });
    } finally {
      api.close();
    }
  });
});
