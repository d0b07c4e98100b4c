import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type PatientAccount, startTestSystem, type TestSystem } from '../support/citas';

/**
 * GET /metrics on both services, over real HTTP: Prometheus text, no token,
 * requests by route TEMPLATE and status with their latency, bookings and
 * conflicts, the outbox backlog, the breaker, Node's process metrics, and
 * nothing that names a person or a record.
 */

/** The value of one sample line (`name{labels} value`), or undefined when the line is not there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function slot(daysAhead: number, hour: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + daysAhead);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00:00`;
}

describe('GET /metrics (both services)', () => {
  let sys: TestSystem;
  let patient: PatientAccount;
  let citaId: number;

  before(async () => {
    sys = await startTestSystem({ citasEnv: { CITAS_WORKERS: 'false' } });
    const [doctor, center, p] = await Promise.all([sys.createDoctor(), sys.createCenter(), sys.createPatient({ nombre: 'Eulalia Métrica Privada' })]);
    patient = p;
    const token = await patient.token();
    const body = { fecha: slot(30, 10), motivo: 'Revisión', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id };
    const booked = await sys.citas.post('/citas', body, token);
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    citaId = booked.body.id_cita;
    const clash = await sys.citas.post('/citas', body, sys.adminToken);
    assert.equal(clash.status, 409);
    assert.equal(clash.body.code, 'DOCTOR_OCUPADO');
    assert.equal((await sys.citas.get(`/citas/${citaId}`, token)).status, 200);
    assert.equal((await sys.citas.get('/no/existe/eulalia', token)).status, 404);
  });
  after(async () => {
    await sys?.close();
  });

  it('citas: Prometheus text without a token (a forged one changes nothing), requests by route template and status', async () => {
    for (const headers of [{}, { authorization: 'Bearer no.es.un-token' }] as Record<string, string>[]) {
      const res = await fetch(`${sys.citas.url}/metrics`, { headers });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    }
    const text = await (await fetch(`${sys.citas.url}/metrics`)).text();
    assert.equal(sample(text, 'http_requests_total{method="POST",route="/citas",status="201"}'), 1);
    assert.equal(sample(text, 'http_requests_total{method="POST",route="/citas",status="409"}'), 1);
    assert.equal(sample(text, 'http_requests_total{method="GET",route="/citas/:id",status="200"}'), 1);
    assert.equal(sample(text, 'http_requests_total{method="GET",route="(sin ruta)",status="404"}'), 1);
    assert.equal(sample(text, 'http_request_duration_seconds_count{method="POST",route="/citas",status="201"}'), 1);
    assert.ok((sample(text, 'http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/citas",status="201"}') ?? 0) >= 1);
  });

  it('citas: bookings, conflicts by code, outbox backlog and its oldest message, breaker state', async () => {
    const text = await (await fetch(`${sys.citas.url}/metrics`)).text();
    assert.equal(sample(text, 'citas_reservas_total'), 1);
    assert.equal(sample(text, 'citas_conflictos_total{code="DOCTOR_OCUPADO"}'), 1);
    assert.equal(sample(text, 'citas_conflictos_total{code="PACIENTE_OCUPADO"}'), 0);
    // The workers are off here, so the booking's "cita creada" notice is due and waiting.
    assert.equal(sample(text, 'citas_outbox_pendientes'), 1);
    assert.ok((sample(text, 'citas_outbox_pendiente_mas_antigua_segundos') ?? -1) >= 0);
    assert.equal(sample(text, 'citas_admin_circuito{estado="cerrado"}'), 1);
    assert.equal(sample(text, 'citas_admin_circuito{estado="abierto"}'), 0);
  });

  it("both: Node's process metrics", async () => {
    for (const url of [sys.citas.url, sys.admin.url]) {
      const text = await (await fetch(`${url}/metrics`)).text();
      for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
        assert.ok(sample(text, name) !== undefined, `${url}: falta ${name}`);
      }
    }
  });

  it('admin: the booking asked it ONE directory question, counted under its route template', async () => {
    const text = await (await fetch(`${sys.admin.url}/metrics`)).text();
    assert.equal(sample(text, 'http_requests_total{method="GET",route="/admin/directorio",status="200"}'), 2, 'one per booking attempt (the 201 and the 409)');
    assert.equal(text.includes('route="/admin/doctores/:id"'), false, 'no single-record reads for a booking');
  });

  it('never personal data: no names, usernames, tokens, ids or paths as sent', async () => {
    for (const url of [sys.citas.url, sys.admin.url]) {
      const text = await (await fetch(`${url}/metrics`)).text();
      for (const secret of ['Eulalia', patient.username, await patient.token(), sys.adminToken, `/citas/${citaId}`, '/no/existe', `id_paciente`]) {
        assert.equal(text.includes(secret), false, `${url}/metrics contiene ${secret.slice(0, 20)}`);
      }
      const routes = new Set([...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1]));
      for (const route of routes) assert.ok(route === '(sin ruta)' || !/\/\d/.test(route), `ruta con un id: ${route}`);
    }
  });
});
