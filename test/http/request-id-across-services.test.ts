import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FixedClock } from '../fakes/fixed-clock';
import { startTestAdmin, type TestAdmin } from '../support/admin';
import { startTestCitas, type TestCitas } from '../support/citas';

/** What citas sent admin: each request's path and the X-Request-Id it carried. */
interface Seen {
  path: string;
  requestId: string | undefined;
}

/** An HTTP relay in front of admin that notes what citas asks it, so a test can see the headers citas sends. */
async function recordingRelay(target: string): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer(async (req, res) => {
    const header = req.headers['x-request-id'];
    seen.push({ path: req.url ?? '', requestId: typeof header === 'string' ? header : undefined });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection') as [string, string][]);
    const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * One action followed across the services' logs: web passes its request id
 * to citas, and citas must pass it on to admin in what it asks on that
 * request's behalf (the booking's directory lookup, the token's session
 * check), or admin logs them under ids of its own and a booking that failed
 * on admin's side cannot be found in admin's log.
 */
describe('the request id across services', () => {
  const clock = new FixedClock('2026-03-02T08:00:00Z');
  let admin: TestAdmin;
  let relay: Awaited<ReturnType<typeof recordingRelay>>;
  let citas: TestCitas;
  let token: string;
  const ids = { doctor: 0, paciente: 0, centro: 0 };

  before(async () => {
    admin = await startTestAdmin();
    relay = await recordingRelay(admin.url);
    // Every request's token checked with admin (SESSION_CHECK_SECONDS=0): the check is made on the request's behalf too.
    citas = await startTestCitas(relay.url, { SESSION_CHECK_SECONDS: '0' }, { clock });
    token = await admin.adminToken();
    const doctor = await admin.post('/admin/doctores', { nombre: 'Dra. Ana Ruiz', especialidad: 'Ortodoncia', username: 'ana.ruiz', password: 'Sonrisa-2026-ok' }, token);
    const paciente = await admin.post('/admin/pacientes', { nombre: 'Luis Pérez', telefono: '600123456', username: 'luis.perez', password: 'Sonrisa-2026-ok' }, token);
    const centro = await admin.post('/admin/centros', { nombre: 'Clínica Centro', direccion: 'Calle Mayor 1, Madrid' }, token);
    for (const created of [doctor, paciente, centro]) assert.equal(created.status, 201, JSON.stringify(created.body));
    ids.doctor = doctor.body.id_doctor;
    ids.paciente = paciente.body.id_paciente;
    ids.centro = centro.body.id_centro;
  });
  after(async () => {
    await citas?.close();
    await relay?.close();
    await admin?.close();
  });

  it("a booking's calls to admin carry the booking's request id", async () => {
    relay.seen.length = 0;
    const booked = await citas.request(
      'POST',
      '/citas',
      { fecha: '2026-03-03T10:00:00', motivo: 'Revisión', id_paciente: ids.paciente, id_doctor: ids.doctor, id_centro: ids.centro },
      token,
      { 'x-request-id': 'reserva-77' },
    );
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const asked = relay.seen.filter((s) => !s.path.startsWith('/.well-known/'));
    assert.ok(asked.some((s) => s.path.startsWith('/admin/directorio?')), JSON.stringify(asked));
    assert.ok(asked.some((s) => s.path === '/auth/me'), JSON.stringify(asked));
    assert.deepEqual(
      asked.map((s) => [s.path, s.requestId]),
      asked.map((s) => [s.path, 'reserva-77']),
    );
  });

  it('a request without an id of its own passes on the one citas gave it', async () => {
    relay.seen.length = 0;
    const listed = await citas.request('GET', '/citas?fecha=2026-03-03', undefined, token);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    const given = listed.headers.get('x-request-id');
    const asked = relay.seen.filter((s) => !s.path.startsWith('/.well-known/'));
    assert.ok(asked.length > 0, 'the session check asked admin');
    assert.deepEqual(
      asked.map((s) => s.requestId),
      asked.map(() => given),
    );
  });
});
