import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { ApiClient } from '../../loader/api-client';
import { bookLoaderCita, LOADER_MOTIVO } from '../../loader/booking';
import { TEST_ADMIN } from '../support/admin';
import { startTestSystem, type TestSystem } from '../support/citas';
import { listenOnLoopback, type LoopbackServer } from '../support/loopback-server';

/**
 * The loader's booking against the real services, with its first answer
 * lost on the way back: citas books the cita, then the connection drops
 * before a byte of the answer arrives. The loader cannot tell that from a
 * kept-alive socket the server had closed, and sends the request again; that
 * resend must answer the cita already booked, not book a second one (or meet
 * its own 409 and book the next slot).
 */
describe('the loader\'s booking when its answer is lost', () => {
  let sys: TestSystem;
  let relay: LoopbackServer;
  /** The Idempotency-Key of each POST /citas that reached citas, in order. */
  const keys: (string | undefined)[] = [];
  /** The citas citas answered, whether or not the answer reached the loader. */
  const booked: number[] = [];

  before(async () => {
    sys = await startTestSystem();
    const upstream = new URL(sys.citas.url);
    // Relays every request to citas; the first booking's answer is thrown away and its connection cut.
    relay = await listenOnLoopback((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const booking = req.method === 'POST' && req.url === '/citas';
        if (booking) keys.push(req.headers['idempotency-key'] as string | undefined);
        const out = request(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
          (answer) => {
            const body: Buffer[] = [];
            answer.on('data', (c: Buffer) => body.push(c));
            answer.on('end', () => {
              const text = Buffer.concat(body).toString('utf8');
              if (booking && answer.statusCode === 201) booked.push(JSON.parse(text).id_cita);
              if (booking && keys.length === 1) return void req.socket.destroy();
              res.writeHead(answer.statusCode ?? 502, answer.headers).end(text);
            });
          },
        );
        out.end(Buffer.concat(chunks));
      });
    });
  });

  after(async () => {
    await relay?.close();
    await sys?.close();
  });

  it('sends the booking again with the same Idempotency-Key, and gets the cita it had booked', async () => {
    const doctor = await sys.createDoctor();
    const patient = await sys.createPatient();
    const center = await sys.createCenter();
    const api = new ApiClient({ adminUrl: sys.admin.url, citasUrl: relay.url, credentials: TEST_ADMIN });
    try {
      const candidates = {
        patients: [{ nombre: patient.nombre, telefono: '600123456', id: patient.id }],
        doctors: [{ nombre: doctor.nombre, especialidad: doctor.especialidad, id: doctor.id }],
        centers: [{ nombre: center.nombre, id: center.id }],
      };
      const outcome = await bookLoaderCita(api, candidates, { clinicTimeZone: 'Europe/Madrid', now: () => new Date() });
      assert.equal(outcome.status, 'nueva');
      assert.equal(outcome.cita.id_cita, booked[0], 'the resend does not answer the cita booked by the lost request');
    } finally {
      api.close();
    }
    const citas = await sys.citas.get(`/citas?id_paciente=${patient.id}`, sys.adminToken);
    const loaderCitas = (citas.body.items as { id_cita: number; motivo: string; estado: string }[]).filter((c) => c.motivo === LOADER_MOTIVO && c.estado !== 'Cancelada');
    assert.deepEqual(
      loaderCitas.map((c) => c.id_cita),
      [booked[0]],
      'the patient has more than the one loader cita',
    );
    assert.equal(keys.length, 2, 'the booking whose answer was lost is sent again, once');
    assert.ok(keys[0], 'the booking is sent without an Idempotency-Key');
    assert.equal(keys[1], keys[0], 'the resend carries another Idempotency-Key than the booking it repeats');
  });
});
