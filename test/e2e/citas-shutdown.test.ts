import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtTokenIssuer } from '../../adapters/security/jwt-tokens';
import { KeyRing } from '../../adapters/security/key-ring';
import { FixedClock } from '../fakes/fixed-clock';
import { startTestCitas } from '../support/citas';
import { firstMondayNextYear } from '../support/clinic-days';

/**
 * Stopping citas (what SIGTERM does): it stops accepting connections, lets
 * the requests in flight finish with their real answer, then closes. A stub
 * admin holds its directory answers until the test releases them, so the
 * booking is surely in flight when citas is told to stop.
 */
describe('citas shutdown', () => {
  const clock = new FixedClock();
  const day = firstMondayNextYear(clock.now(), 6); // summer time: +02:00
  let dir: string;
  let ring: KeyRing;
  let stub: http.Server;
  let stubUrl: string;
  /** Resolves when the first directory lookup reaches the stub. */
  let lookupArrived: Promise<void>;
  let lookupHeld: () => void;
  /** Answers the held lookups, and every later one at once. */
  let releaseLookups: () => void;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'citas-shutdown-'));
    ring = KeyRing.openOrCreate(join(dir, 'keys.json'), clock);
    // GET /admin/directorio?id_doctor=1&id_centro=1&id_paciente=1: the one lookup a booking makes.
    const directory = {
      doctor: { id_doctor: 1, nombre: 'Dra. Ana Ruiz', especialidad: 'Ortodoncia', activo: true },
      paciente: { id_paciente: 1, nombre: 'Luis Pérez', estado: 'ACTIVO' },
      centro: { id_centro: 1, nombre: 'Clínica Centro', activo: true },
    };
    lookupArrived = new Promise((resolve) => (lookupHeld = resolve));
    const released = new Promise<void>((resolve) => (releaseLookups = resolve));
    stub = http.createServer((req, res) => {
      const send = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === '/.well-known/jwks.json') return send(ring.jwks());
      if (req.url === '/auth/me') return send({ id_user: 1, username: 'admin', rol: 'admin' });
      if (!(req.url ?? '').startsWith('/admin/directorio?')) return void res.writeHead(404).end();
      lookupHeld();
      void released.then(() => send(directory));
    });
    await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
    stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  });
  after(async () => {
    stub.closeAllConnections();
    await new Promise<void>((r) => stub.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the booking in flight, then refuses new connections', async () => {
    const citas = await startTestCitas(stubUrl, { ADMIN_TIMEOUT_MS: '5000' }, { clock });
    const { token } = await new JwtTokenIssuer(ring, { issuer: 'odontocare-admin', audience: 'odontocare', ttlSeconds: 600 }, clock).issue({
      userId: 1,
      username: 'admin',
      rol: 'admin',
    }, 0);
    const inFlight = citas.post('/citas', { fecha: `${day}T10:00:00`, motivo: 'Revisión', id_paciente: 1, id_doctor: 1, id_centro: 1 }, token);
    await lookupArrived; // the booking is now waiting for the directory
    const closing = citas.close();
    releaseLookups();

    const res = await inFlight;
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.fecha, `${day}T10:00:00+02:00`);
    await closing;
    await assert.rejects(fetch(`${citas.url}/health`));
  });
});
