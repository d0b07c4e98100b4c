import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DependencyUnavailableError, DomainError } from '../../core/domain/errors';
import type { Caller } from '../../core/ports/directory';
import { AdminClient, type AdminClientOptions } from '../../adapters/remote/admin-client';
import { HttpDirectory } from '../../adapters/remote/http-directory';
import { aMedico, aPaciente, anAdmin, callerOf } from '../builders/principals';
import { directoryContract } from '../contracts/directory-contract';
import { FixedClock } from '../fakes/fixed-clock';
import { InMemoryDirectory } from '../fakes/in-memory-directory';
import { startTestAdmin, type TestAdmin } from '../support/admin';

// ---------------------------------------------------------------------------
// The port contract, against the fake and against the real admin service.

directoryContract('InMemoryDirectory', async () => {
  const directory = new InMemoryDirectory();
  let next = 1;
  return {
    directory,
    caller: callerOf(anAdmin()),
    addDoctor: async (d) => {
      const id = next++;
      directory.withDoctor({ id, ...d });
      return id;
    },
    addPatient: async (p) => {
      const id = next++;
      directory.withPatient({ id, ...p });
      return id;
    },
    addCenter: async (c) => {
      const id = next++;
      directory.withCenter({ id, ...c });
      return id;
    },
    close: async () => undefined,
  };
});

const TEST_PASSWORD = 'Sonrisa-2026-ok';
let userSeq = 0;
const username = (p: string) => `${p}${++userSeq}x${process.pid}`;

async function created(res: { status: number; body: any }, key: string): Promise<number> {
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body[key];
}

directoryContract('HttpDirectory + real admin service', async () => {
  const admin = await startTestAdmin();
  const token = await admin.adminToken();
  const client = new AdminClient(options(admin.url));
  return {
    directory: new HttpDirectory(client),
    caller: { principal: anAdmin(), credential: token },
    addDoctor: async (d) => {
      const id = await created(
        await admin.post('/admin/doctores', { nombre: d.nombre, especialidad: d.especialidad, username: username('doc'), password: TEST_PASSWORD }, token),
        'id_doctor',
      );
      if (!d.activo) assert.equal((await admin.request('DELETE', `/admin/doctores/${id}`, undefined, token)).status, 200);
      return id;
    },
    addPatient: async (p) =>
      created(
        await admin.post('/admin/pacientes', { nombre: p.nombre, telefono: '600000000', estado: p.estado, username: username('pac'), password: TEST_PASSWORD }, token),
        'id_paciente',
      ),
    addCenter: async (c) => {
      const id = await created(await admin.post('/admin/centros', { nombre: c.nombre, direccion: 'Calle Mayor 1' }, token), 'id_centro');
      if (!c.activo) assert.equal((await admin.request('DELETE', `/admin/centros/${id}`, undefined, token)).status, 200);
      return id;
    },
    close: async () => {
      client.close();
      await admin.close();
    },
  };
});

// ---------------------------------------------------------------------------
// Outages, against a stub admin that misbehaves on demand.

/**
 * Small delays so the suite is fast; production defaults are in
 * apps/citas/config.ts. The timeout stays generous (a loaded CI machine must
 * not turn a real answer into an outage); the slow-admin test sets its own.
 * The breaker reads the time from `clock` (a test that waits out its
 * half-open delay passes a clock of its own and moves it).
 */
function options(baseUrl: string, overrides: Partial<AdminClientOptions> = {}): AdminClientOptions {
  return {
    baseUrl,
    clock: new FixedClock(),
    timeoutMs: 5000,
    retries: 2,
    retryInitialDelayMs: 10,
    breakerThreshold: 3,
    halfOpenAfterMs: 400,
    ...overrides,
  };
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

class StubAdmin {
  requests = 0;
  authorizations: (string | undefined)[] = [];
  urls: string[] = [];
  sockets = new Set<Socket>();
  handler: Handler = (_req, res) => res.writeHead(404).end();
  private server = http.createServer((req, res) => {
    this.requests++;
    this.authorizations.push(req.headers.authorization);
    this.urls.push(req.url ?? '');
    this.sockets.add(req.socket);
    this.handler(req, res);
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const json = (status: number, body: unknown): Handler => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};
const aDoctorBody = { id_doctor: 7, id_user: 3, nombre: 'Dra. Ana Ruiz', especialidad: 'Ortodoncia', activo: true };
/** GET /admin/directorio?id_doctor=7 as admin answers it. */
const aDoctorAnswer = { doctor: aDoctorBody };
const doctor7 = { idDoctor: 7 };
const caller: Caller = { principal: anAdmin(), credential: 'token-del-llamante' };

async function elapsed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function isOutage(err: unknown): boolean {
  return err instanceof DependencyUnavailableError && err.code === 'SERVICIO_NO_DISPONIBLE' && err.retryAfterSeconds >= 1;
}

describe('HttpDirectory against a misbehaving admin', () => {
  let stub: StubAdmin;
  let url: string;
  const clients: AdminClient[] = [];
  const directoryFor = (overrides: Partial<AdminClientOptions> = {}) => {
    const client = new AdminClient(options(url, overrides));
    clients.push(client);
    return { client, directory: new HttpDirectory(client) };
  };

  before(async () => {
    stub = new StubAdmin();
    url = await stub.start();
  });
  after(async () => {
    for (const c of clients) c.close();
    await stub.stop();
  });

  const reset = (handler: Handler) => {
    stub.handler = handler;
    stub.requests = 0;
    stub.authorizations = [];
    stub.urls = [];
    stub.sockets.clear();
  };

  it('maps admin fields to the card and forwards the caller\'s bearer token', async () => {
    reset(json(200, aDoctorAnswer));
    const { directory } = directoryFor();
    assert.deepEqual(await directory.lookUp(doctor7, caller), { doctor: { id: 7, nombre: 'Dra. Ana Ruiz', especialidad: 'Ortodoncia', activo: true } });
    assert.deepEqual(stub.authorizations, ['Bearer token-del-llamante']);
    assert.deepEqual(stub.urls, ['/admin/directorio?id_doctor=7']);
  });

  it('asks for the doctor, the center and the patient of a booking in ONE request', async () => {
    reset(
      json(200, {
        doctor: aDoctorBody,
        centro: { id_centro: 2, nombre: 'Clínica Centro', direccion: 'Calle Mayor 1', activo: true },
        paciente: { id_paciente: 5, id_user: 9, nombre: 'Luis Pérez', telefono: '600123456', estado: 'INACTIVO' },
      }),
    );
    const { directory } = directoryFor();
    assert.deepEqual(await directory.lookUp({ idDoctor: 7, idCentro: 2, idPaciente: 5 }, caller), {
      doctor: { id: 7, nombre: 'Dra. Ana Ruiz', especialidad: 'Ortodoncia', activo: true },
      center: { id: 2, nombre: 'Clínica Centro', activo: true },
      patient: { id: 5, nombre: 'Luis Pérez', estado: 'INACTIVO' },
    });
    assert.deepEqual(stub.urls, ['/admin/directorio?id_doctor=7&id_centro=2&id_paciente=5']);
  });

  it('asks nothing when nothing is named', async () => {
    reset(json(200, aDoctorAnswer));
    const { directory } = directoryFor();
    assert.deepEqual(await directory.lookUp({}, caller), {});
    assert.equal(stub.requests, 0);
  });

  it('reuses one kept-alive connection for consecutive lookups', async () => {
    reset(json(200, aDoctorAnswer));
    const { directory } = directoryFor();
    for (let i = 0; i < 4; i++) await directory.lookUp(doctor7, caller);
    assert.equal(stub.requests, 4);
    assert.equal(stub.sockets.size, 1);
  });

  // Admin closes a connection left idle past its keep-alive timeout; a lookup written on it as the close
  // crosses never reaches admin. With no retries configured (as the front desk's tests run citas) that
  // was a 503 "Servicio no disponible" on a healthy admin, one run in some, on a loaded machine.
  it('sends a lookup again, on a new connection, when admin has closed the kept-alive one it went out on', async () => {
    const used = new Set<Socket>();
    reset((req, res) => {
      if (used.has(req.socket)) return void req.socket.destroy(); // the idle close, as the request arrives
      used.add(req.socket);
      json(200, aDoctorAnswer)(req, res);
    });
    const { directory } = directoryFor({ retries: 0, breakerThreshold: 1 });
    assert.equal((await directory.lookUp(doctor7, caller)).doctor?.id, 7);
    assert.equal((await directory.lookUp(doctor7, caller)).doctor?.id, 7, 'the second lookup, on the closed connection, is answered');
    assert.equal(stub.sockets.size, 2, 'sent again on a new connection');
    assert.equal((await directory.lookUp(doctor7, caller)).doctor?.id, 7, 'and the breaker did not count it as a failure');
  });

  it('does not send a lookup again and again when admin resets every connection: a 503', async () => {
    reset((req) => void req.socket.destroy());
    const { directory } = directoryFor({ retries: 0, breakerThreshold: 10 });
    await assert.rejects(directory.lookUp(doctor7, caller), isOutage);
    assert.ok(stub.requests <= 2, `admin saw ${stub.requests} requests`);
  });

  it('answers undefined for a record admin reports as null: it does not exist, admin is fine', async () => {
    reset(json(200, { paciente: null, centro: null }));
    const { directory, client } = directoryFor({ breakerThreshold: 1 });
    assert.deepEqual(await directory.lookUp({ idPaciente: 5, idCentro: 5 }, caller), {});
    assert.equal(stub.requests, 1, 'no retry for a real answer');
    assert.equal(client.breakerOpen, false, 'null is not a failure');
  });

  it('is a 503, never "does not exist", when admin answers without a record it was asked for, with another one, or has no such route (404)', async () => {
    const { directory } = directoryFor({ breakerThreshold: 10 });
    reset(json(200, { doctor: aDoctorBody }));
    await assert.rejects(directory.lookUp({ idDoctor: 7, idPaciente: 5 }, caller), isOutage);
    reset(json(200, { doctor: { ...aDoctorBody, id_doctor: 8 } }));
    await assert.rejects(directory.lookUp(doctor7, caller), isOutage);
    reset(json(404, { code: 'RUTA_NO_ENCONTRADA' }));
    await assert.rejects(directory.lookUp(doctor7, caller), isOutage);
  });

  it('turns a 401 from admin into TOKEN_INVALIDO and a 403 into PROHIBIDO, not an outage', async () => {
    reset(json(401, {}));
    const { directory } = directoryFor();
    await assert.rejects(directory.lookUp({ idDoctor: 1 }, caller), (err) => err instanceof DomainError && err.code === 'TOKEN_INVALIDO');
    reset(json(403, {}));
    await assert.rejects(directory.lookUp({ idPaciente: 1 }, caller), (err) => err instanceof DomainError && err.code === 'PROHIBIDO');
  });

  it('is a quick 503 when admin is slower than the timeout (no retry after a timeout)', async () => {
    reset(() => {}); // never answers: without the timeout the call would hang
    const { directory } = directoryFor({ timeoutMs: 200 });
    const ms = await elapsed(() => assert.rejects(directory.lookUp(doctor7, caller), isOutage));
    // Failing fast is the behaviour: bounded by the 200 ms timeout, with room for a loaded 2-core machine.
    assert.ok(ms < 5000, `answered in ${Math.round(ms)} ms`);
    assert.equal(stub.requests, 1);
  });

  it('is a 503 when admin answers garbage with a 200', async () => {
    reset((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy error</html>'));
    const { directory } = directoryFor();
    await assert.rejects(directory.lookUp(doctor7, caller), isOutage);
    reset(json(200, { id: 7, name: 'not the contract' }));
    await assert.rejects(directory.lookUp(doctor7, caller), isOutage);
  });

  it('retries a 500 with backoff (GETs only) and then answers 503', async () => {
    reset(json(500, { error: 'boom' }));
    const { directory } = directoryFor({ retries: 2, breakerThreshold: 10 });
    await assert.rejects(directory.lookUp({ idCentro: 1 }, caller), isOutage);
    assert.equal(stub.requests, 3, 'one attempt + two retries');
  });

  it('succeeds when a retry finds admin healthy again', async () => {
    let calls = 0;
    reset((req, res) => (++calls === 1 ? json(503, {})(req, res) : json(200, aDoctorAnswer)(req, res)));
    const { directory } = directoryFor();
    assert.equal((await directory.lookUp(doctor7, caller)).doctor?.id, 7);
    assert.equal(stub.requests, 2);
  });

  it('is a 503 when nothing listens at ADMIN_URL', async () => {
    const closed = new StubAdmin();
    const closedUrl = await closed.start();
    await closed.stop();
    const client = new AdminClient(options(closedUrl));
    clients.push(client);
    await assert.rejects(new HttpDirectory(client).lookUp({ idDoctor: 1 }, caller), isOutage);
  });

  it('opens the breaker after consecutive failures: callers get 503 without a request reaching admin', async () => {
    reset(json(500, {}));
    const { directory, client } = directoryFor({ retries: 0, breakerThreshold: 3, halfOpenAfterMs: 60_000 });
    for (let i = 0; i < 3; i++) await assert.rejects(directory.lookUp({ idDoctor: 1 }, caller), isOutage);
    assert.equal(client.breakerOpen, true);
    const before = stub.requests;
    const burst = await Promise.allSettled(Array.from({ length: 50 }, () => directory.lookUp({ idDoctor: 1 }, caller)));
    assert.ok(burst.every((r) => r.status === 'rejected' && isOutage(r.reason)));
    assert.equal(stub.requests, before, 'no request piles up on a failing admin');
  });

  it('recovers by itself once admin is healthy and the breaker half-opens', async () => {
    reset(json(500, {}));
    const clock = new FixedClock();
    const { directory, client } = directoryFor({ retries: 0, breakerThreshold: 2, halfOpenAfterMs: 300, clock });
    for (let i = 0; i < 2; i++) await assert.rejects(directory.lookUp(doctor7, caller), isOutage);
    assert.equal(client.breakerOpen, true);
    stub.handler = json(200, aDoctorAnswer);
    const asked = stub.requests;
    clock.advanceMs(299);
    await assert.rejects(directory.lookUp(doctor7, caller), isOutage); // still open: admin not asked yet
    assert.equal(stub.requests, asked);
    clock.advanceMs(1);
    assert.equal((await directory.lookUp(doctor7, caller)).doctor?.id, 7);
    assert.equal(client.breakerOpen, false);
  });

  it('pages through doctorsBySpecialty and keeps only active doctors of that specialty', async () => {
    const all = Array.from({ length: 130 }, (_, i) => ({
      ...aDoctorBody,
      id_doctor: i + 1,
      especialidad: i % 10 === 0 ? 'Endodoncia' : 'Ortodoncia',
      activo: i % 7 !== 0,
    }));
    reset((req, res) => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      const page = Number(q.get('page'));
      const size = Number(q.get('page_size'));
      json(200, { items: all.slice((page - 1) * size, page * size), page, page_size: size, total: all.length })(req, res);
    });
    const { directory } = directoryFor();
    const found = await directory.doctorsBySpecialty('Ortodoncia', caller);
    assert.equal(stub.requests, 2);
    assert.deepEqual(
      found.map((d) => d.id),
      all.filter((d) => d.activo && d.especialidad === 'Ortodoncia').map((d) => d.id_doctor),
    );
  });
});

// ---------------------------------------------------------------------------
// Admin's own read rules, through the caller's token.

describe('HttpDirectory with the caller\'s own token (real admin)', () => {
  let admin: TestAdmin;
  let client: AdminClient;
  let me: { id: number; token: string };
  let other: number;

  before(async () => {
    admin = await startTestAdmin();
    client = new AdminClient(options(admin.url));
    const token = await admin.adminToken();
    const mine = username('pac');
    me = {
      id: await created(await admin.post('/admin/pacientes', { nombre: 'Yo Mismo', telefono: '600000001', username: mine, password: TEST_PASSWORD }, token), 'id_paciente'),
      token: await admin.login(mine, TEST_PASSWORD),
    };
    other = await created(
      await admin.post('/admin/pacientes', { nombre: 'Otra Persona', telefono: '600000002', username: username('pac'), password: TEST_PASSWORD }, token),
      'id_paciente',
    );
  });
  after(async () => {
    client.close();
    await admin?.close();
  });

  it('lets a patient read their own record and hides everyone else\'s (as not existing)', async () => {
    const directory = new HttpDirectory(client);
    const asMe: Caller = { principal: aPaciente(me.id), credential: me.token };
    assert.equal((await directory.lookUp({ idPaciente: me.id }, asMe)).patient?.estado, 'ACTIVO');
    assert.equal((await directory.lookUp({ idPaciente: other }, asMe)).patient, undefined);
  });

  it('answers 503, not "does not exist", once admin is gone', async () => {
    const directory = new HttpDirectory(client);
    const asAdmin: Caller = { principal: aMedico(1), credential: await admin.adminToken() };
    await admin.close();
    await assert.rejects(directory.lookUp({ idDoctor: 1 }, asAdmin), isOutage);
  });
});
