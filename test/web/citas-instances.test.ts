import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import dns from 'node:dns';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DependencyUnavailableError } from '../../core/domain/errors';
import { REFUSED_SKIP_MS } from '../../adapters/web/instance-rotation';
import { Upstream } from '../../adapters/web/upstream';
import { FixedClock } from '../fakes/fixed-clock';
import { freePort } from '../support/free-port';
import { startTestWeb, webClient } from '../support/web';

/**
 * The web relaying to several citas instances (CITAS_URL=a,b: citas and
 * citas-2 on one PostgreSQL database). Stand-ins on loopback play each
 * instance; a closed port plays one that is down. The rule under test is the
 * one that keeps a booking from being made twice: the next instance is tried
 * only when no connection to the first could be made; once one was, whatever
 * happens after is the usual outage and nothing is sent again.
 */

type Behaviour = 'answer' | 'cut' | 'hang';

interface StandIn {
  url: string;
  port: number;
  /** Requests that reached it, as "METHOD /path". */
  seen: string[];
  behaviour: Behaviour;
  /** Stops listening (the port is then refused) and drops open connections. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
}

const running = new Set<StandIn>();

async function standIn(port = 0): Promise<StandIn> {
  let server: Server | undefined;
  const s: StandIn = {
    url: '',
    port,
    seen: [],
    behaviour: 'answer',
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
        server = undefined;
      }),
    restart: () =>
      new Promise<void>((resolve, reject) => {
        server = createServer((req: IncomingMessage, res: ServerResponse) => {
          let text = '';
          req.on('data', (c) => (text += c));
          req.on('end', () => {
            s.seen.push(`${req.method} ${req.url}`);
            if (s.behaviour === 'cut') return void req.socket.destroy();
            if (s.behaviour === 'hang') return;
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ instancia: s.port, cuerpo: text || null }));
          });
        });
        server.once('error', reject);
        server.listen(s.port, '127.0.0.1', () => {
          s.port = (server!.address() as AddressInfo).port;
          s.url = `http://127.0.0.1:${s.port}`;
          resolve();
        });
      }),
  };
  await s.restart();
  running.add(s);
  return s;
}

/** A URL on which nothing listens: the connection is refused. */
async function closedUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

const get = (u: Upstream) => u.call({ method: 'GET', path: '/citas' });
const book = (u: Upstream) => u.call({ method: 'POST', path: '/citas', body: { motivo: 'Revisión' }, idempotencyKey: 'clave-de-prueba-0001' });

afterEach(async () => {
  for (const s of running) await s.stop();
  running.clear();
});

describe('the web relays to several citas instances (CITAS_URL=a,b)', () => {
  it('spreads requests over the instances in turn', async () => {
    const [a, b] = [await standIn(), await standIn()];
    const citas = new Upstream('citas', [a.url, b.url], 2000, new FixedClock());
    for (let i = 0; i < 6; i++) assert.equal((await get(citas)).status, 200);
    assert.equal(a.seen.length, 3);
    assert.equal(b.seen.length, 3);
  });

  it('one instance down (connection refused): every request, bookings included, is answered by the other', async () => {
    const b = await standIn();
    const citas = new Upstream('citas', [await closedUrl(), b.url], 2000, new FixedClock());
    for (let i = 0; i < 3; i++) {
      assert.equal((await get(citas)).status, 200);
      assert.equal((await book(citas)).status, 200);
    }
    assert.deepEqual(b.seen, Array.from({ length: 3 }, () => ['GET /citas', 'POST /citas']).flat());
  });

  it('an instance that cut the request or never answered it is not asked again on the other: the outage is reported', async () => {
    for (const behaviour of ['cut', 'hang'] as const) {
      const [a, b] = [await standIn(), await standIn()];
      a.behaviour = behaviour;
      const citas = new Upstream('citas', [a.url, b.url], 300, new FixedClock());
      await assert.rejects(book(citas), (err: unknown) => err instanceof DependencyUnavailableError && /citas no responde/.test(err.message), behaviour);
      assert.deepEqual(a.seen, ['POST /citas'], behaviour);
      assert.deepEqual(b.seen, [], `${behaviour}: the booking must not reach a second instance`);
    }
  });

  it('an instance that refused a connection is skipped for a while (Clock), then asked again', async () => {
    const [a, b] = [await standIn(), await standIn()];
    const clock = new FixedClock();
    const citas = new Upstream('citas', [a.url, b.url], 2000, clock);
    await a.stop();
    assert.equal((await get(citas)).status, 200, 'refused by a, answered by b');
    await a.restart();
    for (let i = 0; i < 4; i++) await get(citas);
    assert.deepEqual([a.seen.length, b.seen.length], [0, 5], 'a is skipped while its refusal is recent');
    clock.set(new Date(clock.now().getTime() + REFUSED_SKIP_MS));
    for (let i = 0; i < 4; i++) await get(citas);
    assert.deepEqual([a.seen.length, b.seen.length], [2, 7], 'then asked again, in turn');
  });

  it('API_TIMEOUT_MS bounds the whole request: an instance that took long to fail to connect leaves the next only what is left', async () => {
    // "citas" stopped in compose: its name takes a while to be found missing
    // (a slow resolver). Then the other instance never answers.
    const lookup = dns.lookup;
    Object.assign(dns, {
      lookup(host: string, ...rest: unknown[]) {
        if (host !== 'citas-parada.invalid') return (lookup as (...a: unknown[]) => void)(host, ...rest);
        const callback = rest[rest.length - 1] as (err: Error) => void;
        const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: host });
        setTimeout(() => callback(err), 1000);
      },
    });
    try {
      const b = await standIn();
      b.behaviour = 'hang';
      // Margins of 500 ms either side of the bound, for a loaded machine: a fresh timeout per instance took 2.5 s.
      const citas = new Upstream('citas', [`http://citas-parada.invalid:${b.port}`, b.url], 1500, new FixedClock());
      const started = Date.now();
      await assert.rejects(book(citas), DependencyUnavailableError);
      const took = Date.now() - started;
      assert.deepEqual(b.seen, ['POST /citas'], 'sent to the other once the first could not be connected to');
      assert.ok(took < 1500 + 500, `answered 503 after ${took} ms, not within API_TIMEOUT_MS (1500 ms)`);
    } finally {
      Object.assign(dns, { lookup });
    }
  });

  it('every instance down: the usual outage, naming citas', async () => {
    const citas = new Upstream('citas', [await closedUrl(), await closedUrl()], 2000, new FixedClock());
    for (let i = 0; i < 3; i++) {
      await assert.rejects(get(citas), (err: unknown) => err instanceof DependencyUnavailableError && /citas no responde/.test(err.message));
    }
  });

  it('one URL: no second try, the same outage as ever', async () => {
    const a = await standIn();
    a.behaviour = 'cut';
    const citas = new Upstream('citas', [a.url], 2000, new FixedClock());
    await assert.rejects(book(citas), DependencyUnavailableError);
    assert.deepEqual(a.seen, ['POST /citas']);
    await a.stop();
    await assert.rejects(get(citas), DependencyUnavailableError);
  });
});

describe('the web service with CITAS_URL naming two instances', () => {
  let admin: Server | undefined;
  after(async () => {
    if (admin) await new Promise((r) => admin!.close(r));
  });

  /** An admin that logs anyone in: these tests are about citas. */
  async function loginOnlyAdmin(): Promise<string> {
    admin = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'token-1', token_type: 'Bearer', expires_in: 600, user: { id_user: 1, username: 'admin', rol: 'admin' } }));
      });
    });
    await new Promise<void>((r) => admin!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(admin.address() as AddressInfo).port}`;
  }

  it('answers from the instance that is up, and reports a cut booking as 503 without sending it to the other', async () => {
    const adminUrl = await loginOnlyAdmin();
    const [a, b] = [await standIn(), await standIn()];
    const web = await startTestWeb(adminUrl, `${a.url},${b.url}`, {}, new FixedClock(new Date()));
    try {
      assert.deepEqual(web.config.citasUrls, [a.url, b.url]);
      const client = webClient(web.url);
      assert.equal((await client.login('admin', 'x')).status, 200);

      a.behaviour = 'cut';
      const res = await client.post('/api/citas/citas', { motivo: 'Revisión' });
      assert.equal(res.status, 503);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(res.body.code, 'SERVICIO_NO_DISPONIBLE');
      assert.deepEqual([a.seen, b.seen], [['POST /citas'], []]);

      await a.stop();
      for (let i = 0; i < 3; i++) assert.equal((await client.get('/api/citas/citas')).status, 200);
      assert.deepEqual(b.seen, ['GET /citas', 'GET /citas', 'GET /citas']);
    } finally {
      await web.close();
    }
  });
});
