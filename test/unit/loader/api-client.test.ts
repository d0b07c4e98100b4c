import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, LoginError, ServiceUnreachableError } from '../../../loader/api-client';
import { FakeLoaderClock } from '../../fakes/fake-loader-clock';
import { listenOnLoopback } from '../../support/loopback-server';

/**
 * A stand-in admin service: tokens are "t1", "t2"...; a token listed in
 * `expired` gets 401 TOKEN_EXPIRADO, as the real one does when the TTL ends.
 * With `together` set, those 401s are held until that many requests with an
 * expired token have arrived, then answered at once: they were certainly
 * all in flight when the token expired.
 */
class FakeAdmin {
  logins = 0;
  readonly expired = new Set<string>();
  together = 1;
  private readonly refused: (() => void)[] = [];
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
    if (this.expired.has(token)) {
      this.refused.push(() => send(401, { status: 401, code: 'TOKEN_EXPIRADO', detail: 'El token ha caducado.' }));
      if (this.refused.length >= this.together) for (const answer of this.refused.splice(0)) answer();
      return;
    }
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
      admin.together = 6;
      const answers = await Promise.all(Array.from({ length: 6 }, () => api.post('admin', '/admin/centros', {}))).finally(() => (admin.together = 1));
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

describe('loader API client, when the connection fails', () => {
  it('gives up on a service that does not answer within the timeout, naming it', async () => {
    const silent = await listenOnLoopback(() => {}); // reads the request, never answers
    const api = new ApiClient({ adminUrl: silent.url, citasUrl: silent.url, credentials: { username: 'admin', password: 'x' }, timeoutMs: 100 });
    try {
      await assert.rejects(api.probe('admin', '/health'), (err: Error) => {
        assert.ok(err instanceof ServiceUnreachableError);
        assert.match(err.message, /servicio admin en .*\(sin respuesta a tiempo\).*ADMIN_URL/);
        return true;
      });
    } finally {
      api.close();
      await silent.close();
    }
  });

  it('sends a request again, once, on a new connection when the kept-alive one turns out closed', async () => {
    const sockets = new Set<unknown>();
    let requests = 0;
    let dropReused = false;
    const server = await listenOnLoopback((req, res) => {
      requests++;
      const reused = sockets.has(req.socket);
      sockets.add(req.socket);
      // what the client meets when the server closed an idle kept-alive socket: a reset, no answer
      if (dropReused && reused) return void req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
    const api = new ApiClient({ adminUrl: server.url, citasUrl: server.url, credentials: { username: 'admin', password: 'x' } });
    try {
      assert.equal((await api.probe('admin', '/health')).status, 200);
      dropReused = true;
      const answer = await api.probe('admin', '/health');
      assert.deepEqual(answer, { status: 200, body: { status: 'ok' } });
      assert.equal(requests, 3, 'the first, the one on the closed connection, its retry');
      assert.equal(sockets.size, 2, 'the retry went on a new connection');
    } finally {
      api.close();
      await server.close();
    }
  });

  it('does not retry twice: a reset on the new connection too stops with ServiceUnreachableError', async () => {
    let requests = 0;
    const server = await listenOnLoopback((req) => {
      requests++;
      req.socket.destroy();
    });
    const api = new ApiClient({ adminUrl: server.url, citasUrl: server.url, credentials: { username: 'admin', password: 'x' } });
    try {
      await assert.rejects(api.probe('citas', '/health'), (err: Error) => {
        assert.ok(err instanceof ServiceUnreachableError);
        assert.match(err.message, /servicio citas en .*\(ECONNRESET\).*CITAS_URL/);
        return true;
      });
      assert.equal(requests, 2);
    } finally {
      api.close();
      await server.close();
    }
  });

  it('stops naming the service when the connection is lost in the middle of an answer, without sending the request again', async () => {
    let requests = 0;
    const server = await listenOnLoopback((req, res) => {
      requests++;
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"id_pac', () => req.socket.destroy());
    });
    const api = new ApiClient({ adminUrl: server.url, citasUrl: server.url, credentials: { username: 'admin', password: 'x' } });
    try {
      await assert.rejects(api.probe('admin', '/health'), (err: Error) => {
        assert.ok(err instanceof ServiceUnreachableError, `${err.name}: ${err.message}`);
        assert.match(err.message, /servicio admin en .*ADMIN_URL/);
        return true;
      });
      assert.equal(requests, 1, 'the request had arrived: it is not sent twice');
    } finally {
      api.close();
      await server.close();
    }
  });
});

describe('loader API client, when a service answers "later" (429 or 503 with Retry-After)', () => {
  /** Answers `refusals` times with `status` and Retry-After `seconds`, then 201. */
  async function busyService(status: number, seconds: string, refusals: number) {
    const seen = { requests: 0 };
    const server = await listenOnLoopback((req, res) => {
      seen.requests++;
      if (seen.requests <= refusals) {
        res.writeHead(status, { 'content-type': 'application/problem+json', 'retry-after': seconds });
        return void res.end(JSON.stringify({ status, code: 'SERVICIO_NO_DISPONIBLE', detail: 'Vuelva a intentarlo en un momento.' }));
      }
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"id_centro":1}');
    });
    const clock = new FakeLoaderClock();
    const interrupt = new AbortController();
    const options = { adminUrl: server.url, citasUrl: server.url, credentials: { username: 'admin', password: 'x' }, clock, interrupt: interrupt.signal };
    const api = new ApiClient(options);
    return { seen, api, clock, interrupt, close: async () => (api.close(), server.close()) };
  }

  it('sends the request again after the wait it asks for, until it is taken', async () => {
    for (const status of [503, 429]) {
      const busy = await busyService(status, '1', 3);
      try {
        const answer = await busy.api.probe('admin', '/admin/centros');
        assert.deepEqual(answer, { status: 201, body: { id_centro: 1 } }, `after ${status}`);
        assert.equal(busy.seen.requests, 4);
        assert.equal(busy.clock.waitsFor(1), 3, `one wait of 1 s, as Retry-After said, before each resend: ${busy.clock.waits}`);
        assert.equal(busy.clock.waits.length, 3);
      } finally {
        await busy.close();
      }
    }
  });

  it('reads a Retry-After given as an HTTP date against its clock', async () => {
    const clock = new FakeLoaderClock('2026-03-02T09:00:00Z');
    const busy = await busyService(503, 'Mon, 02 Mar 2026 09:00:02 GMT', 1);
    try {
      const api = new ApiClient({ adminUrl: busy.api.baseUrl('admin'), citasUrl: busy.api.baseUrl('admin'), credentials: { username: 'admin', password: 'x' }, clock });
      try {
        assert.equal((await api.probe('admin', '/admin/centros')).status, 201);
      } finally {
        api.close();
      }
      assert.deepEqual([clock.waits.length, clock.waitsFor(2)], [1, 1], `2 s from its now to the date: ${clock.waits}`);
    } finally {
      await busy.close();
    }
  });

  it('Ctrl-C during the wait cuts it short: the answer it had is given back, and the request is not sent again', async () => {
    const busy = await busyService(503, '20', 1);
    try {
      const waiting = busy.clock.hold();
      const answer = busy.api.probe('admin', '/admin/centros');
      await Promise.race([waiting, answer.then((a) => assert.fail(`answered ${a.status} without waiting on its clock`))]);
      busy.interrupt.abort();
      assert.equal((await answer).status, 503);
      assert.equal(busy.seen.requests, 1);
      assert.deepEqual([busy.clock.waits.length, busy.clock.waitsFor(20)], [1, 1], `the 20 s asked for: ${busy.clock.waits}`);
    } finally {
      await busy.close();
    }
  });

  it('gives the answer back at once when the wait asked for is longer than a busy moment (a locked account)', async () => {
    const busy = await busyService(429, '900', 1);
    try {
      const answer = await busy.api.probe('admin', '/admin/centros');
      assert.equal(answer.status, 429);
      assert.equal(busy.seen.requests, 1);
      assert.deepEqual(busy.clock.waits, [], 'nothing waited');
    } finally {
      await busy.close();
    }
  });
});

describe('loader API client, when a service answers nothing but "later" (its database gone mid-run, citas unable to reach admin)', () => {
  it('waits the budget out once for the service, not once per request: after it every "later" is given back at once, until the service answers otherwise', async () => {
    const seen = { requests: 0 };
    let down = true;
    const server = await listenOnLoopback((_req, res) => {
      seen.requests++;
      if (!down) return void res.writeHead(201, { 'content-type': 'application/json' }).end('{"id_centro":1}');
      res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '1' });
      res.end(JSON.stringify({ status: 503, code: 'SERVICIO_NO_DISPONIBLE', detail: 'La base de datos no responde ahora.' }));
    });
    // 1.5 s of waiting in all: one wait of 1-1.25 s fits, a second does not (and stands for the 2 minutes of a real run).
    const clock = new FakeLoaderClock();
    const options = { adminUrl: server.url, citasUrl: server.url, credentials: { username: 'admin', password: 'x' }, waitBudgetMs: 1500, clock };
    const api = new ApiClient(options);
    try {
      assert.equal((await api.probe('admin', '/admin/centros')).status, 503);
      assert.equal(seen.requests, 2, 'the first row waited once, as Retry-After asked, then its 503 was given back');
      assert.deepEqual([clock.waits.length, clock.waitsFor(1)], [1, 1], `1 s, as Retry-After said: ${clock.waits}`);

      // The rows after it: admin has answered nothing but 503 for as long as a request may wait. Waiting again for
      // each of them turns a run of 120 patients into 40 silent minutes before the first failure is reported.
      const rows = await Promise.all(Array.from({ length: 6 }, () => api.probe('admin', '/admin/centros')));
      assert.deepEqual(rows.map((r) => r.status), [503, 503, 503, 503, 503, 503]);
      assert.equal(seen.requests, 8, 'each sent once and its 503 given back at once');
      assert.equal(clock.waits.length, 1, 'none of them waited');

      // Back: the next request goes in, and a busy moment after it is waited out again.
      down = false;
      assert.equal((await api.probe('admin', '/admin/centros')).status, 201);
      down = true;
      assert.equal((await api.probe('admin', '/admin/centros')).status, 503);
      assert.equal(seen.requests, 11, 'a new busy spell: sent, waited for, sent again');
      assert.deepEqual([clock.waits.length, clock.waitsFor(1)], [2, 2], `1 s again: ${clock.waits}`);
    } finally {
      api.close();
      await server.close();
    }
  });
});

/**
 * A create's 503 may follow a COMMIT that went in (admin on PostgreSQL). When
 * the client gives it back instead of sending the request again (the wait
 * asked for too long, or the service's waiting budget spent), a create with a
 * findMade (a center) must ask it first: that 503 is otherwise the row's
 * answer, and the row is reported failed for a center admin holds.
 */
describe('loader API client, giving back a create\'s 503 without sending it again', () => {
  for (const [retryAfter, why] of [
    ['900', 'the wait asked for is longer than a busy moment'],
    ['1', 'the waiting budget is spent'],
  ] as const) {
    it(`${why}: asks findMade first, and gives back the record found instead of the 503`, async () => {
      const stored: { id_centro: number; nombre: string }[] = [];
      const server = await listenOnLoopback((req, res) => {
        if (req.url === '/auth/login') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"t1"}');
        stored.push({ id_centro: stored.length + 1, nombre: 'Clínica Centro' });
        res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': retryAfter });
        res.end(JSON.stringify({ status: 503, code: 'SERVICIO_NO_DISPONIBLE', detail: 'La base de datos no responde ahora.' }));
      });
      // a budget shorter than the 1 s asked for: the 503 is given back at once
      const api = new ApiClient({ adminUrl: server.url, citasUrl: server.url, credentials: { username: 'admin', password: 'x' }, waitBudgetMs: 500 });
      try {
        const answer = await api.post('admin', '/admin/centros', { nombre: 'Clínica Centro' }, { findMade: async () => stored[0] && { status: 201, body: stored[0] } });
        assert.deepEqual(answer, { status: 201, body: { id_centro: 1, nombre: 'Clínica Centro' } });
        assert.equal(stored.length, 1, 'not sent again');
      } finally {
        api.close();
        await server.close();
      }
    });
  }
});
