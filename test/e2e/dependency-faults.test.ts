import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { FixedClock } from '../fakes/fixed-clock';
import { startTestAdmin, type TestAdmin } from '../support/admin';
import { type ApiResponse, startTestCitas, type TestCitas, TEST_PASSWORD } from '../support/citas';
import { firstMondayNextYear } from '../support/clinic-days';
import { eventually } from '../support/eventually';

/**
 * Citas in front of a broken admin. Citas is started with ADMIN_URL pointing
 * at FaultyAdmin, which forwards to a real admin service until a test tells
 * it to misbehave: hang (slower than the timeout), refuse connections (port
 * closed), reset them, answer 200 with an HTML page or with JSON of the wrong
 * shape, or answer 500. Whatever it does, citas must answer 503 problem JSON
 * with Retry-After, quickly; must not pile requests up on admin (the breaker
 * opens, later callers fail fast, hung sockets are let go); and must recover
 * by itself once admin behaves again, with no restart.
 *
 * Citas reads its time (session check, key cache, the future, the admin
 * breaker's half-open delay) from a FixedClock the tests move: to see citas
 * recover, a test moves the clock past the breaker's and the key fetcher's
 * delays and asks once. The admin client's timeouts and retry backoff run on
 * real timers, which is what these tests are about; a test that must see them
 * end waits for the outcome it observes (eventually), never a guessed sleep.
 */

const TIMEOUT_MS = 500;
const HALF_OPEN_MS = 1000;
// "Quickly" is the behaviour here: bounded, not hanging. A lookup waits at
// most one admin timeout (a timeout is not retried), a hung one would wait
// forever. 10 s is 20x the timeout, room for a loaded 2-core machine (3x
// failed there at 1548 ms), and still far below a hang.
const QUICK_MS = 10_000;
const CITAS_ENV = {
  ADMIN_TIMEOUT_MS: String(TIMEOUT_MS),
  ADMIN_RETRIES: '2',
  ADMIN_RETRY_DELAY_MS: '20',
  ADMIN_BREAKER_THRESHOLD: '5',
  ADMIN_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS),
  ADMIN_READY_TIMEOUT_MS: '300',
  SESSION_CHECK_SECONDS: '1',
  MAX_CITAS_FUTURAS: '1000',
};

type Mode = 'proxy' | 'slow' | 'html' | 'shape' | '500' | 'reset';

class FaultyAdmin {
  mode: Mode = 'proxy';
  /** Every request that reached this admin, as "METHOD /path". */
  readonly seen: string[] = [];
  /** Requests being held by 'slow' (citas has not hung up on them yet). */
  readonly held = new Set<ServerResponse>();
  private server: Server | undefined;
  port = 0;

  constructor(private readonly realUrl: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async open(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the port: connections are refused until open() again on the same port. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    this.release();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  set(mode: Mode): void {
    this.release();
    this.mode = mode;
  }

  private release(): void {
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.seen.push(`${req.method} ${req.url}`);
    switch (this.mode) {
      case 'slow':
        this.held.add(res);
        res.on('close', () => this.held.delete(res));
        return; // never answers
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body><h1>En mantenimiento</h1></body></html>');
        return;
      case 'shape':
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: 'ninguna', id_doctor: 'uno', items: null, id_user: -1 }));
        return;
      case '500':
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}');
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'proxy': {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const headers: Record<string, string> = {};
        for (const h of ['authorization', 'content-type', 'accept']) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h] as string;
        try {
          const upstream = await fetch(`${this.realUrl}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
          const body = Buffer.from(await upstream.arrayBuffer());
          res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(body);
        } catch {
          res.writeHead(502).end();
        }
      }
    }
  }
}

function expect503(res: ApiResponse, where: string): void {
  assert.equal(res.status, 503, `${where}: ${res.status} ${JSON.stringify(res.body)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, where);
  assert.equal(res.body.code, 'SERVICIO_NO_DISPONIBLE', where);
  assert.equal(res.body.status, 503, where);
  assert.ok(typeof res.body.detail === 'string' && res.body.detail.length > 0, where);
  const retryAfter = res.headers.get('retry-after');
  assert.match(retryAfter ?? '', /^[1-9]\d*$/, `${where}: Retry-After "${retryAfter}"`);
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await work();
  return { value, ms: performance.now() - t0 };
}

describe('citas when admin misbehaves', () => {
  const clock = new FixedClock();
  let admin: TestAdmin;
  let faulty: FaultyAdmin;
  let citas: TestCitas;
  let adminToken: string;
  let patientToken: string;
  let ids: { patient: number; doctor: number; center: number };
  let minute = 0;

  /** A fresh, free weekday slot in May of the clock's next year. */
  const slot = () => {
    const d = new Date(`${firstMondayNextYear(clock.now(), 5)}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + Math.floor(minute / 50));
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
    const m = 9 * 60 + (minute++ % 50) * 5;
    return `${d.toISOString().slice(0, 10)}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`;
  };
  const book = (via: TestCitas = citas) =>
    via.post('/citas', { fecha: slot(), motivo: 'Revisión', id_paciente: ids.patient, id_doctor: ids.doctor, id_centro: ids.center, duracion_min: 5 }, patientToken);

  /**
   * Citas books again by itself, with no restart: once the breaker's (and the key fetcher's) delay has passed on its
   * clock, the next booking is the trial that closes the breaker.
   */
  async function recovered(): Promise<void> {
    clock.advanceMs(HALF_OPEN_MS);
    const res = await book();
    assert.equal(res.status, 201, `citas no se recuperó: ${res.status} ${JSON.stringify(res.body)}`);
  }

  before(async () => {
    admin = await startTestAdmin();
    adminToken = await admin.adminToken();
    const created = async (path: string, body: unknown) => {
      const res = await admin.post(path, body, adminToken);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };
    const doctor = await created('/admin/doctores', { nombre: 'Dra. Fallos', especialidad: 'Resiliencia', username: 'dra.fallos', password: TEST_PASSWORD });
    const patient = await created('/admin/pacientes', { nombre: 'Paco Fallos', telefono: '600999888', username: 'paco.fallos', password: TEST_PASSWORD });
    const center = await created('/admin/centros', { nombre: 'Centro Fallos', direccion: 'Calle Rota 1' });
    ids = { patient: patient.id_paciente, doctor: doctor.id_doctor, center: center.id_centro };
    patientToken = await admin.login('paco.fallos', TEST_PASSWORD);
    faulty = new FaultyAdmin(admin.url);
    await faulty.open();
    citas = await startTestCitas(faulty.url, CITAS_ENV, { clock });
  });
  after(async () => {
    await citas?.close();
    await faulty?.close();
    await admin?.close();
  });

  it('books through a healthy admin (keys fetched, session confirmed): the baseline', async () => {
    const res = await book();
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal((await citas.get('/ready')).status, 200);
  });

  const faults: { name: string; apply: () => Promise<void> | void; undo: () => Promise<void> | void }[] = [
    { name: 'slower than the timeout', apply: () => faulty.set('slow'), undo: () => faulty.set('proxy') },
    { name: 'port closed (connection refused)', apply: () => faulty.close(), undo: () => faulty.open() },
    { name: 'connections reset', apply: () => faulty.set('reset'), undo: () => faulty.set('proxy') },
    { name: '200 with an HTML page', apply: () => faulty.set('html'), undo: () => faulty.set('proxy') },
    { name: '200 with JSON of the wrong shape', apply: () => faulty.set('shape'), undo: () => faulty.set('proxy') },
    { name: '500', apply: () => faulty.set('500'), undo: () => faulty.set('proxy') },
  ];

  for (const fault of faults) {
    it(`admin ${fault.name}: booking is a quick 503 with Retry-After, /ready says so, and citas recovers by itself`, async () => {
      await recovered();
      await fault.apply();
      try {
        const { value: res, ms } = await timed(book);
        expect503(res, fault.name);
        assert.ok(ms < QUICK_MS, `${fault.name}: respondió en ${Math.round(ms)} ms (límite ${QUICK_MS})`);
        // never a "does not exist": an outage is not an absence
        assert.notEqual(res.body.code, 'DOCTOR_NO_EXISTE');
        const { value: ready, ms: readyMs } = await timed(() => citas.get('/ready'));
        expect503(ready, `/ready con admin ${fault.name}`);
        assert.ok(readyMs < QUICK_MS, `/ready tardó ${Math.round(readyMs)} ms`);
      } finally {
        await fault.undo();
      }
      await recovered();
      assert.equal((await citas.get('/ready')).status, 200);
    });
  }

  it('50 concurrent bookings while admin hangs: all 503 within the timeout budget, admin asked a bounded number of times, hung sockets let go; the next 50 fail fast without reaching admin', async () => {
    // Its own citas process, with a 1 s admin timeout: 50 bookings at once on a loaded 2-core machine add their own
    // processing time to it. Nothing moves the clock during this test, so the second wave surely meets an open breaker.
    const timeoutMs = 1000;
    const quickMs = 10 * timeoutMs;
    const burst = await startTestCitas(
      faulty.url,
      {
        ...CITAS_ENV,
        ADMIN_TIMEOUT_MS: String(timeoutMs),
        SESSION_CHECK_SECONDS: '60',
      },
      { clock },
    );
    try {
      assert.equal((await book(burst)).status, 201, 'control: reserva con admin sano');
      faulty.set('slow');
      const before = faulty.seen.length;
      const wave1 = await timed(() => Promise.all(Array.from({ length: 50 }, () => book(burst))));
      for (const res of wave1.value) expect503(res, 'primera oleada');
      assert.ok(wave1.ms < quickMs, `primera oleada en ${Math.round(wave1.ms)} ms (límite ${quickMs})`);
      // one directory lookup per booking at most (doctor, center and patient in one GET /admin/directorio), and a timeout is never retried
      const asked1 = faulty.seen.length - before;
      assert.ok(asked1 <= 50, `admin recibió ${asked1} peticiones en la primera oleada`);

      // No pile-up: citas hangs up on every request admin left unanswered (each attempt has its own deadline).
      const held = await eventually(async () => faulty.held.size, (n) => n === 0, { withinMs: quickMs, everyMs: 20 });
      assert.equal(held, 0, `${held} peticiones siguen colgadas en admin`);

      // Later callers meet the open breaker: admin hears nothing of them, which is the proof they did not wait on it
      // (a count, not a stopwatch: how long 50 answers take on a loaded machine is that machine's business).
      const before2 = faulty.seen.length;
      const wave2 = await Promise.all(Array.from({ length: 50 }, () => book(burst)));
      for (const res of wave2) expect503(res, 'segunda oleada');
      assert.equal(faulty.seen.length - before2, 0, 'con el circuito abierto admin no recibe nada');
    } finally {
      faulty.set('proxy');
      await burst.close();
    }
  });

  it('reads of citas own data keep working during an outage for a token it confirmed recently', async () => {
    await recovered();
    assert.equal((await citas.get('/citas', patientToken)).status, 200);
    await faulty.close();
    try {
      clock.advanceMinutes(1); // past SESSION_CHECK_SECONDS: the check fails, the grace period admits the token
      const list = await citas.get('/citas', patientToken);
      assert.equal(list.status, 200, JSON.stringify(list.body));
      assert.ok(list.body.items.length > 0);
    } finally {
      await faulty.open();
    }
  });

  describe('with no keys cached yet', () => {
    let cold: FaultyAdmin;
    let coldCitas: TestCitas;
    // Starts at the machine's time: it only reads tokens (admin's, signed on that clock) and books nothing.
    let coldClock: FixedClock;
    const jwksFetches = () => cold.seen.filter((r) => r.startsWith('GET /.well-known/jwks.json')).length;
    /** Moves citas's clock past the key fetcher's backoff and the breaker's half-open delay: the next request asks `cold` for the keys. */
    async function keysFetchedOnce(): Promise<{ value: ApiResponse; ms: number }> {
      const before = jwksFetches();
      coldClock.advanceMs(HALF_OPEN_MS);
      const answer = await timed(() => coldCitas.get('/citas', patientToken));
      assert.equal(jwksFetches(), before + 1, 'citas pidió las claves a admin una vez');
      return answer;
    }

    before(async () => {
      cold = new FaultyAdmin(admin.url);
      await cold.open();
      await cold.close(); // a port that refuses connections, reusable later
      coldClock = new FixedClock(new Date());
      coldCitas = await startTestCitas(cold.url, CITAS_ENV, { clock: coldClock });
    });
    after(async () => {
      await coldCitas?.close();
      await cold?.close();
    });

    it('admin down: an authenticated route answers 503 (citas cannot tell a good token from a bad one), not 401; a forged alg:none token is still 401', async () => {
      const { value: res, ms } = await timed(() => coldCitas.get('/citas', patientToken));
      expect503(res, 'sin claves y admin caído');
      assert.ok(ms < QUICK_MS, `${Math.round(ms)} ms`);
      const [, payload] = patientToken.split('.');
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      assert.equal((await coldCitas.get('/citas', none)).status, 401);
      assert.equal((await coldCitas.get('/citas')).status, 401);
    });

    it('admin slow, or answering a garbage key set: 503 quickly too', async () => {
      await cold.open();
      try {
        for (const mode of ['slow', 'shape', 'html'] as const) {
          cold.set(mode);
          const { value: res, ms } = await keysFetchedOnce();
          expect503(res, `claves con admin ${mode}`);
          assert.ok(ms < QUICK_MS, `${mode}: ${Math.round(ms)} ms`);
        }
      } finally {
        cold.set('proxy');
      }
    });

    it('admin comes back: the same citas process fetches the keys and answers 200, no restart', async () => {
      cold.set('proxy');
      const { value: res } = await keysFetchedOnce();
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(cold.seen.some((r) => r.startsWith('GET /.well-known/jwks.json')));
    });
  });
});
