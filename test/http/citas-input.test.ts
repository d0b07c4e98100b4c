import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ESPECIALIDAD_MAX } from '../../core/domain/doctor';
import { FixedClock } from '../fakes/fixed-clock';
import { type ApiResponse, type CenterRecord, type DoctorAccount, type PatientAccount, startTestSystem, type TestSystem } from '../support/citas';
import { addDays, firstMondayNextYear } from '../support/clinic-days';

/**
 * Hostile and sloppy input on the citas routes: every answer is problem JSON
 * with the contract's status and a code, and nothing is stored.
 */

function expectProblem(res: ApiResponse, status: number, code: string, path?: string): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  assert.equal(res.body.code, code, JSON.stringify(res.body));
  if (path !== undefined) {
    assert.ok(
      res.body.errors.some((e: { path: string }) => e.path === path),
      `expected a problem on "${path}": ${JSON.stringify(res.body.errors)}`,
    );
  }
}

/** Citas runs on a fixed clock; the bookings are in September of its next year (summer time, +02:00). */
const clock = new FixedClock();
const DAY = firstMondayNextYear(clock.now(), 9);

describe('citas routes refuse bad input', () => {
  let sys: TestSystem;
  let admin: string;
  let doctor: DoctorAccount;
  let patient: PatientAccount;
  let center: CenterRecord;
  let existing: number;
  const valid = () => ({ fecha: `${DAY}T10:00:00`, motivo: 'Revisión', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id });
  const raw = (method: string, path: string, body: string, headers: Record<string, string> = {}) =>
    sys.citas.request(method, path, body, admin, { 'content-type': 'application/json', ...headers });

  before(async () => {
    sys = await startTestSystem({ citasOverrides: { clock } });
    admin = sys.adminToken;
    [doctor, patient, center] = await Promise.all([sys.createDoctor(), sys.createPatient(), sys.createCenter()]);
    const res = await sys.citas.post('/citas', { ...valid(), fecha: `${addDays(DAY, -1)}T10:00:00+02:00` }, admin);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    existing = res.body.id_cita;
  });
  after(async () => {
    await sys?.close();
  });

  describe('POST /citas', () => {
    it('malformed JSON is 400 JSON_MALFORMADO', async () => {
      expectProblem(await raw('POST', '/citas', '{"fecha": "2030-09-02T10:00:00", '), 400, 'JSON_MALFORMADO');
    });

    it('a body that is not JSON is 415', async () => {
      expectProblem(await raw('POST', '/citas', 'fecha=2030-09-02', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'TIPO_NO_SOPORTADO');
      expectProblem(await raw('POST', '/citas', 'hola', { 'content-type': 'text/plain' }), 415, 'TIPO_NO_SOPORTADO');
    });

    it('a body over the size limit is 413', async () => {
      const huge = JSON.stringify({ ...valid(), motivo: 'x'.repeat(200_000) });
      expectProblem(await raw('POST', '/citas', huge), 413, 'CUERPO_DEMASIADO_GRANDE');
    });

    it('an unknown field is 422 naming it (id_cita, estado and id_user_registrado are not the client\'s to set)', async () => {
      expectProblem(await sys.citas.post('/citas', { ...valid(), color: 'azul' }, admin), 422, 'VALIDACION');
      expectProblem(await sys.citas.post('/citas', { ...valid(), estado: 'Atendida' }, admin), 422, 'VALIDACION');
      expectProblem(await sys.citas.post('/citas', { ...valid(), id_user_registrado: 1 }, admin), 422, 'VALIDACION');
    });

    it('missing fields are 422, each named', async () => {
      const res = await sys.citas.post('/citas', {}, admin);
      expectProblem(res, 422, 'VALIDACION');
      const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
      assert.deepEqual(paths, ['fecha', 'id_centro', 'id_doctor', 'id_paciente', 'motivo']);
    });

    it('bad dates are 422 on fecha: not ISO, impossible day, a time skipped by the clock change, a number', async () => {
      for (const fecha of ['mañana a las 10', '2030-02-30T10:00:00', '2030-09-02 10:00', '2030-09-02T25:00:00', '2030-03-31T02:30:00', '2030-09-02']) {
        expectProblem(await sys.citas.post('/citas', { ...valid(), fecha }, admin), 422, 'VALIDACION', 'fecha');
      }
      expectProblem(await sys.citas.post('/citas', { ...valid(), fecha: 1_900_000_000_000 }, admin), 422, 'VALIDACION', 'fecha');
    });

    it('ids must be positive integers, not strings; duracion_min a multiple of 5 within limits; motivo not empty', async () => {
      expectProblem(await sys.citas.post('/citas', { ...valid(), id_doctor: String(doctor.id) }, admin), 422, 'VALIDACION', 'id_doctor');
      expectProblem(await sys.citas.post('/citas', { ...valid(), id_centro: 0 }, admin), 422, 'VALIDACION', 'id_centro');
      expectProblem(await sys.citas.post('/citas', { ...valid(), id_paciente: 1.5 }, admin), 422, 'VALIDACION', 'id_paciente');
      for (const duracion_min of [7, 0, 600, '30']) {
        expectProblem(await sys.citas.post('/citas', { ...valid(), duracion_min }, admin), 422, 'VALIDACION', 'duracion_min');
      }
      expectProblem(await sys.citas.post('/citas', { ...valid(), motivo: '' }, admin), 422, 'VALIDACION', 'motivo');
      expectProblem(await sys.citas.post('/citas', { ...valid(), motivo: 'x'.repeat(501) }, admin), 422, 'VALIDACION', 'motivo');
    });

    it('a motivo with control characters or a bidirectional override is 422 naming motivo (a NUL was a 422 with no field)', async () => {
      for (const motivo of ['\u0000', 'a\u0000b', '\u001b[2JRevisión', 'Revisión\u202Eacinílc']) {
        expectProblem(await sys.citas.post('/citas', { ...valid(), motivo }, admin), 422, 'VALIDACION', 'motivo');
      }
    });

    it('a JSON array is 422 and a bare null 400 (only objects and arrays are JSON bodies), never a crash', async () => {
      expectProblem(await raw('POST', '/citas', '[]'), 422, 'VALIDACION');
      expectProblem(await raw('POST', '/citas', 'null'), 400, 'JSON_MALFORMADO');
    });

    it('stored nothing for any of the above', async () => {
      const list = await sys.citas.get('/citas', admin);
      assert.equal(list.body.total, 1);
    });
  });

  describe('GET /citas query parameters', () => {
    it('page_size over 100, page 0 or not a number are 400 PARAMETRO_INVALIDO', async () => {
      expectProblem(await sys.citas.get('/citas?page_size=101', admin), 400, 'PARAMETRO_INVALIDO');
      expectProblem(await sys.citas.get('/citas?page=0', admin), 400, 'PARAMETRO_INVALIDO');
      expectProblem(await sys.citas.get('/citas?page=uno', admin), 400, 'PARAMETRO_INVALIDO');
    });

    it('bad filters are 400: id not a positive integer, fecha not a real day, unknown estado, unknown parameter', async () => {
      expectProblem(await sys.citas.get('/citas?id_doctor=abc', admin), 400, 'PARAMETRO_INVALIDO');
      expectProblem(await sys.citas.get('/citas?id_paciente=-3', admin), 400, 'PARAMETRO_INVALIDO');
      expectProblem(await sys.citas.get('/citas?fecha=2030-13-01', admin), 400, 'PARAMETRO_INVALIDO');
      expectProblem(await sys.citas.get('/citas?fecha=2030-09-02T10:00:00', admin), 400, 'PARAMETRO_INVALIDO');
      expectProblem(await sys.citas.get('/citas?estado=Borrada', admin), 400, 'PARAMETRO_INVALIDO');
      expectProblem(await sys.citas.get('/citas?orden=fecha', admin), 400, 'PARAMETRO_INVALIDO');
    });

    it('every number in a query is written one way, as ids are: decimal digits only (no hex, exponent, sign, spaces or leading zeros)', async () => {
      const day = '2030-09-02';
      const numbers: [string, string, (v: string) => string][] = [
        ['citas', 'page', (v) => `/citas?page=${v}`],
        ['citas', 'page_size', (v) => `/citas?page_size=${v}`],
        ['citas', 'duracion_min', (v) => `/citas/disponibilidad?id_doctor=${doctor.id}&fecha=${day}&duracion_min=${v}`],
        ['citas', 'limite', (v) => `/citas/disponibilidad/proximos?especialidad=x&desde=${day}&limite=${v}`],
        ['citas', 'page_size', (v) => `/agenda/${doctor.id}/ausencias?page_size=${v}`],
        ['admin', 'page_size', (v) => `/admin/doctores?page_size=${v}`],
        ['admin', 'page', (v) => `/admin/usuario?page=${v}`],
      ];
      const accepted: string[] = [];
      for (const [service, name, path] of numbers) {
        const client = service === 'citas' ? sys.citas : sys.admin;
        assert.equal((await client.get(path('30'), admin)).status, 200, `control: ${name}=30 is fine`);
        for (const spelling of ['0x1e', '3e1', '%2030', '30%20', '030', '%2B30', '30.0', '30.']) {
          const res = await client.get(path(spelling), admin);
          if (res.status !== 400 || !res.body.errors.some((e: { path: string }) => e.path === name)) accepted.push(`${service} ${path(spelling)} -> ${res.status}`);
        }
      }
      assert.deepEqual(accepted, []);
    });

    it('page_size 100 is fine', async () => {
      const res = await sys.citas.get('/citas?page_size=100', admin);
      assert.equal(res.status, 200);
      assert.equal(res.body.page_size, 100);
    });
  });

  describe('text fields of the agenda and of a cancellation', () => {
    it('an absence motivo or a motivo_cancelacion with control characters or a bidirectional override is 422 naming the field, and nothing changes', async () => {
      const absence = await sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde: addDays(DAY, 30), hasta: addDays(DAY, 30), motivo: 'Congreso\u202E' }, admin);
      expectProblem(absence, 422, 'VALIDACION', 'motivo');
      const cancel = await sys.citas.put(`/citas/${existing}`, { estado: 'Cancelada', motivo_cancelacion: 'No puede\u001b[8m' }, admin);
      expectProblem(cancel, 422, 'VALIDACION', 'motivo_cancelacion');
      assert.equal((await sys.citas.get(`/agenda/${doctor.id}/ausencias`, admin)).body.total, 0);
      assert.equal((await sys.citas.get(`/citas/${existing}`, admin)).body.estado, 'Programada');
    });

    it('an optional motivo that shows nothing (spaces, or invisible characters only) is no motivo, for an absence and for a cancellation alike', async () => {
      const blanks = ['   ', '\u200B', '\u00A0 \u200B', '\u2060\u00AD'];
      for (const [i, motivo] of blanks.entries()) {
        const day = addDays(DAY, 40 + i);
        const absence = await sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde: day, hasta: day, motivo }, admin);
        assert.equal(absence.status, 201, JSON.stringify(absence.body));
        assert.equal(absence.body.motivo, null, JSON.stringify(motivo));
        assert.equal((await sys.citas.get(`/agenda/${doctor.id}/ausencias/${absence.body.id_ausencia}`, admin)).body.motivo, null);

        const booked = await sys.citas.post('/citas', { ...valid(), fecha: `${addDays(DAY, 1)}T1${i}:00:00` }, admin);
        assert.equal(booked.status, 201, JSON.stringify(booked.body));
        const cancelled = await sys.citas.put(`/citas/${booked.body.id_cita}`, { estado: 'Cancelada', motivo_cancelacion: motivo }, admin);
        assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
        assert.equal(cancelled.body.cita.motivo_cancelacion, undefined, JSON.stringify(motivo));
        assert.equal((await sys.citas.get(`/citas/${booked.body.id_cita}`, admin)).body.motivo_cancelacion, undefined);
      }
    });
  });

  describe('an absence at the end of the calendar', () => {
    it('ending with the whole of 9999-12-31, or past it through an offset, is 422 on hasta (its end would read year 10000), and nothing is stored', async () => {
      const absences = async () => (await sys.citas.get(`/agenda/${doctor.id}/ausencias?desde=9999-12-01`, admin)).body.total;
      const before = await absences();
      expectProblem(await sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde: '9999-12-31', hasta: '9999-12-31' }, admin), 422, 'VALIDACION', 'hasta');
      const offset = { desde: '9999-12-31T20:00:00', hasta: '9999-12-31T23:30:00-05:00' };
      expectProblem(await sys.citas.post(`/agenda/${doctor.id}/ausencias`, offset, admin), 422, 'VALIDACION', 'hasta');
      assert.equal(await absences(), before);
    });

    it('ending within 9999-12-31 is answered as it was sent', async () => {
      const res = await sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde: '9999-12-31T09:00:00', hasta: '9999-12-31T23:59:00' }, admin);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual([res.body.desde, res.body.hasta], ['9999-12-31T09:00:00+01:00', '9999-12-31T23:59:00+01:00']);
      const read = await sys.citas.get(`/agenda/${doctor.id}/ausencias/${res.body.id_ausencia}`, admin);
      assert.deepEqual([read.body.desde, read.body.hasta], ['9999-12-31T09:00:00+01:00', '9999-12-31T23:59:00+01:00']);
    });
  });

  describe('GET /citas/disponibilidad/proximos', () => {
    it('an especialidad longer than admin stores is 400 naming it (it was a 500: admin refused the lookup), and admin\'s bound itself is fine', async () => {
      const at = (especialidad: string) => sys.citas.get(`/citas/disponibilidad/proximos?especialidad=${encodeURIComponent(especialidad)}&desde=${DAY}`, admin);
      expectProblem(await at('Ortodoncia'.repeat(9)), 400, 'PARAMETRO_INVALIDO', 'especialidad');
      const longest = await at('o'.repeat(ESPECIALIDAD_MAX));
      assert.equal(longest.status, 200, JSON.stringify(longest.body));
      assert.deepEqual(longest.body.huecos, []);
    });

    it('the bound counts characters, as admin does: an especialidad of emoji at the limit finds its doctor', async () => {
      const especialidad = '🦷'.repeat(ESPECIALIDAD_MAX); // 80 characters, 160 UTF-16 units
      const dentist = await sys.createDoctor({ especialidad });
      const res = await sys.citas.get(`/citas/disponibilidad/proximos?especialidad=${encodeURIComponent(especialidad)}&desde=${DAY}&limite=1`, admin);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(
        res.body.huecos.map((h: { id_doctor: number }) => h.id_doctor),
        [dentist.id],
      );
    });
  });

  describe('/citas/{id}', () => {
    it('an id that is not a positive integer is 400', async () => {
      expectProblem(await sys.citas.get('/citas/abc', admin), 400, 'PARAMETRO_INVALIDO');
      expectProblem(await sys.citas.get('/citas/0', admin), 400, 'PARAMETRO_INVALIDO');
      expectProblem(await sys.citas.put('/citas/1.5', { estado: 'Cancelada' }, admin), 400, 'PARAMETRO_INVALIDO');
    });

    it('PUT must be one request: estado with new values, motivo_cancelacion without Cancelada, an empty body, estado Programada are 422', async () => {
      const put = (body: unknown) => sys.citas.put(`/citas/${existing}`, body, admin);
      expectProblem(await put({ estado: 'Confirmada', fecha: `${addDays(DAY, 1)}T10:00:00` }), 422, 'VALIDACION', 'fecha');
      expectProblem(await put({ estado: 'Cancelada', id_doctor: doctor.id }), 422, 'VALIDACION', 'id_doctor');
      expectProblem(await put({ motivo_cancelacion: 'porque sí' }), 422, 'VALIDACION', 'motivo_cancelacion');
      expectProblem(await put({ estado: 'Confirmada', motivo_cancelacion: 'x' }), 422, 'VALIDACION', 'motivo_cancelacion');
      expectProblem(await put({}), 422, 'VALIDACION', 'estado');
      expectProblem(await put({ estado: 'Programada' }), 422, 'VALIDACION', 'estado');
      expectProblem(await put({ id_paciente: patient.id }), 422, 'VALIDACION');
      expectProblem(await put({ fecha: 'el lunes' }), 422, 'VALIDACION', 'fecha');
      const still = await sys.citas.get(`/citas/${existing}`, admin);
      assert.equal(still.body.estado, 'Programada');
      assert.equal(still.body.id_cita_nueva, undefined);
    });

    it('DELETE with a body is refused (400); an unknown method is 405 with Allow', async () => {
      expectProblem(await sys.citas.request('DELETE', `/citas/${existing}`, { motivo: 'x' }, admin), 400, 'PARAMETRO_INVALIDO');
      const res = await sys.citas.request('PATCH', `/citas/${existing}`, { estado: 'Cancelada' }, admin);
      expectProblem(res, 405, 'METODO_NO_PERMITIDO');
      assert.match(res.headers.get('allow') ?? '', /PUT/);
    });

    it('an unknown route is a 404 problem, not an HTML page', async () => {
      expectProblem(await sys.citas.get('/citas/1/otra-cosa', admin), 404, 'RUTA_NO_ENCONTRADA');
    });
  });

  describe('documentation', () => {
    it('publishes the /citas routes and the Cita schema in /openapi.json, and /docs', async () => {
      const doc = await sys.citas.get('/openapi.json');
      assert.equal(doc.status, 200);
      for (const path of ['/citas', '/citas/{id}', '/citas/{id}/historial', '/citas/disponibilidad']) assert.ok(doc.body.paths[path], path);
      assert.deepEqual(Object.keys(doc.body.paths['/citas/{id}']).sort(), ['delete', 'get', 'put']);
      assert.ok(doc.body.components.schemas.Cita);
      const docs = await fetch(`${sys.citas.url}/docs/`);
      assert.equal(docs.status, 200);
    });
  });
});
