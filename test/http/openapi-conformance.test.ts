import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { FixedClock } from '../fakes/fixed-clock';
import { type HttpClient, httpClient, startTestSystem, TEST_PASSWORD, type TestSystem } from '../support/citas';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;
type Service = 'admin' | 'citas';

/**
 * The served OpenAPI documents against what the services answer. A client
 * generated from /openapi.json (or a developer reading /docs) trusts four
 * things of every answer: its route and method are documented, its status is
 * one the operation lists, its Content-Type is the documented one, and its
 * body validates against the documented schema (problem+json for errors).
 * The walk goes through the main flows of both services, and the typical
 * failures (400, 401, 403, 404, 409, 413, 415, 422, 429, 503), recording every
 * answer; the checks then judge each recorded answer with a JSON Schema
 * 2020-12 validator (the documents are OpenAPI 3.1). The request side is
 * checked lightly: the parameters of an accepted request validate against the
 * documented ones, and a 400 that names a parameter names one whose value the
 * document refuses too. Last, every documented operation is exercised.
 *
 * Citas runs on a fixed clock (Monday 2026-03-02, 09:00 in Madrid) so that
 * "in the future" and "has started" are the test's decision.
 */

interface Exchange {
  service: Service;
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  /** The request's own headers, names lower case (the header parameters it sent). */
  requestHeaders: Record<string, string>;
  /** The JSON the request carried, when it carried JSON (a raw string body is not recorded). */
  requestBody?: unknown;
  status: number;
  contentType: string | null;
  headers: Headers;
  text: string;
  body: any;
}

interface Operation {
  template: string;
  method: string;
  op: Json;
}

/** Answers that are not one operation's: the contract's JSON 404 for an unknown route and 405 for a known path. */
const GENERIC_CODES = new Set(['RUTA_NO_ENCONTRADA', 'METODO_NO_PERMITIDO']);

describe('the served OpenAPI documents describe what the services answer', () => {
  const clock = new FixedClock('2026-03-02T08:00:00Z');
  let sys: TestSystem;
  const docs = {} as Record<Service, Json>;
  const exchanges: Exchange[] = [];
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const paramAjv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: true });
  addFormats(paramAjv);

  before(async () => {
    sys = await startTestSystem({
      citasOverrides: { clock },
      adminEnv: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' },
    });
    for (const service of ['admin', 'citas'] as const) {
      const res = await client(service).get('/openapi.json');
      assert.equal(res.status, 200);
      docs[service] = res.body;
    }
  });
  after(async () => {
    await sys?.close();
  });

  function client(service: Service): HttpClient {
    return httpClient(service === 'admin' ? sys.admin.url : sys.citas.url);
  }

  /** One request, recorded for the checks below. A raw string body is sent as is (with the given headers). */
  async function call(service: Service, method: string, url: string, body?: unknown, token?: string, headers: Record<string, string> = {}) {
    const base = service === 'admin' ? sys.admin.url : sys.citas.url;
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && h['content-type'] === undefined) h['content-type'] = 'application/json';
    if (token) h.authorization = `Bearer ${token}`;
    const res = await fetch(base + url, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    const u = new URL(base + url);
    const requestHeaders = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
    const requestBody = body === undefined || typeof body === 'string' ? undefined : body;
    exchanges.push({ service, method: method.toLowerCase(), path: u.pathname, query: u.searchParams, requestHeaders, requestBody, status: res.status, contentType: res.headers.get('content-type'), headers: res.headers, text, body: parsed });
    return { status: res.status, body: parsed, headers: res.headers };
  }
  const admin = {
    get: (url: string, token?: string) => call('admin', 'GET', url, undefined, token),
    post: (url: string, body: unknown, token?: string, headers?: Record<string, string>) => call('admin', 'POST', url, body, token, headers),
    put: (url: string, body: unknown, token?: string) => call('admin', 'PUT', url, body, token),
    patch: (url: string, body: unknown, token?: string) => call('admin', 'PATCH', url, body, token),
    delete: (url: string, token?: string) => call('admin', 'DELETE', url, undefined, token),
  };
  const citas = {
    get: (url: string, token?: string) => call('citas', 'GET', url, undefined, token),
    post: (url: string, body: unknown, token?: string, headers?: Record<string, string>) => call('citas', 'POST', url, body, token, headers),
    put: (url: string, body: unknown, token?: string, headers?: Record<string, string>) => call('citas', 'PUT', url, body, token, headers),
    delete: (url: string, token?: string, headers?: Record<string, string>) => call('citas', 'DELETE', url, undefined, token, headers),
  };
  /** The walk only goes on when a step answered as expected; the conformance checks judge the answers. */
  function expect(res: { status: number; body: any }, status: number, what: string): any {
    assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
    return res.body;
  }
  let seq = 0;
  const unique = (prefix: string) => `${prefix}.oa${++seq}${Date.now() % 100000}`;

  const operations = (service: Service): Operation[] =>
    Object.entries(docs[service].paths as Json).flatMap(([template, ops]) =>
      Object.entries(ops as Json)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ template, method, op: op as Json })),
    );

  /** The documented operation a request reached: literal segments beat {parameters} (/citas/disponibilidad is not /citas/{id}). */
  function operationOf(e: Exchange): { op?: Operation; pathParams: Record<string, string>; pathKnown: boolean } {
    let best: { op: Operation; params: Record<string, string>; literals: number } | undefined;
    let pathKnown = false;
    for (const o of operations(e.service)) {
      const names: string[] = [];
      const pattern = o.template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      const m = new RegExp(`^${pattern}$`).exec(e.path);
      if (!m) continue;
      pathKnown = true;
      if (o.method !== e.method) continue;
      const literals = o.template.split('/').filter((s) => s && !s.startsWith('{')).length;
      if (!best || literals > best.literals) {
        best = { op: o, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])), literals };
      }
    }
    return { op: best?.op, pathParams: best?.params ?? {}, pathKnown };
  }

  const validators = new Map<string, ValidateFunction>();
  function validatorFor(service: Service, key: string, schema: Json, forParams = false): ValidateFunction {
    const cacheKey = `${service}|${forParams}|${key}`;
    let v = validators.get(cacheKey);
    if (!v) {
      // "#/components/schemas/X" resolves against the root compiled here, which carries the document's components.
      v = (forParams ? paramAjv : ajv).compile({ ...schema, components: docs[service].components });
      validators.set(cacheKey, v);
    }
    return v;
  }
  const describeErrors = (v: ValidateFunction) => (v.errors ?? []).slice(0, 4).map((err) => `${err.instancePath || '(raíz)'} ${err.message}`).join('; ');
  const label = (e: Exchange) => `${e.service} ${e.method.toUpperCase()} ${e.path}${[...e.query].length ? `?${e.query}` : ''} -> ${e.status}`;
  const mediaType = (ct: string | null) => (ct ?? '').split(';')[0].trim().toLowerCase();
  const isGeneric = (e: Exchange) => e.status >= 400 && GENERIC_CODES.has(e.body?.code);

  /** Each distinct mismatch once (the walk may hit one many times), with its first example. */
  function report(problems: string[]): string {
    const unique = [...new Set(problems)];
    return `${unique.length} mismatch(es):\n  ${unique.join('\n  ')}`;
  }

  it('walks the main flows and the typical failures of both services', async () => {
    const adminToken = sys.adminToken;

    // ---- auth
    expect(await admin.post('/auth/login', { username: 'nadie', password: 'mal' }), 401, 'wrong credentials');
    expect(await admin.post('/auth/login', '{"username": ', undefined), 400, 'malformed JSON');
    expect(await admin.post('/auth/login', 'username=a', undefined, { 'content-type': 'text/plain' }), 415, 'not JSON');
    expect(await admin.post('/auth/login', { username: 'a' }), 422, 'password missing');
    expect(await admin.post('/auth/login', { username: 'a', password: 'x'.repeat(5000) }), 413, 'more than 4 KB');
    expect(await admin.get('/auth/me', adminToken), 200, 'me');
    expect(await admin.get('/auth/me'), 401, 'no token');
    expect(await admin.get('/auth/me', 'no.es.un.token'), 401, 'bad token');
    expect(await admin.get('/.well-known/jwks.json'), 200, 'jwks');
    expect(await admin.get('/health'), 200, 'health');
    expect(await admin.get('/ready'), 200, 'ready');
    expect(await admin.get('/metrics'), 200, 'metrics');
    expect(await admin.get('/no/existe', adminToken), 404, 'unknown route');
    expect(await admin.put('/admin/centros', {}, adminToken), 405, 'method not allowed');

    // ---- usuarios
    const secUsername = unique('sec');
    const sec = expect(await admin.post('/admin/usuario', { username: secUsername, password: TEST_PASSWORD, rol: 'secretaria' }, adminToken), 201, 'create user');
    expect(await admin.post('/admin/usuario', { username: secUsername, password: TEST_PASSWORD, rol: 'secretaria' }, adminToken), 409, 'duplicate user');
    expect(await admin.post('/admin/usuario', { username: unique('x'), password: TEST_PASSWORD, rol: 'medico' }, adminToken), 422, 'medico user alone');
    const secretaria = (await admin.post('/auth/login', { username: secUsername, password: TEST_PASSWORD })).body.access_token as string;
    expect(await admin.post('/admin/usuario', { username: unique('x'), password: TEST_PASSWORD, rol: 'admin' }, secretaria), 403, 'secretaria creating users');
    expect(await admin.get('/admin/usuario?rol=secretaria&page=1&page_size=5', adminToken), 200, 'list users');
    expect(await admin.get('/admin/usuario?page_size=101', adminToken), 400, 'page_size above 100');
    expect(await admin.get(`/admin/usuario/${sec.id_user}`, adminToken), 200, 'one user');
    expect(await admin.get('/admin/usuario/987654', adminToken), 404, 'no such user');
    expect(await admin.get('/admin/usuario/abc', adminToken), 400, 'id not a number');
    expect(await admin.get('/admin/usuario/0', adminToken), 400, 'id zero');
    const spare = expect(await admin.post('/admin/usuario', { username: unique('spare'), password: TEST_PASSWORD, rol: 'admin' }, adminToken), 201, 'spare user');
    expect(await admin.patch(`/admin/usuario/${spare.id_user}`, { activo: false }, adminToken), 200, 'deactivate user');
    expect(await admin.patch(`/admin/usuario/${spare.id_user}`, { activo: true }, adminToken), 200, 'reactivate user');
    expect(await admin.patch(`/admin/usuario/${spare.id_user}`, {}, adminToken), 422, 'patch user without activo');
    expect(await admin.post(`/admin/usuario/${spare.id_user}/password`, { password_nueva: 'Nueva-Clave-2027' }, adminToken), 204, 'reset password');
    expect(await admin.post('/admin/usuario/987654/password', { password_nueva: 'Nueva-Clave-2027' }, adminToken), 404, 'reset password of nobody');
    expect(await admin.delete(`/admin/usuario/${spare.id_user}`, adminToken), 200, 'delete user');
    const lotUsers = expect(
      await admin.post('/admin/usuario/lote', { items: [{ username: unique('lote'), password: TEST_PASSWORD, rol: 'secretaria' }, { username: 'x' }] }, adminToken),
      200,
      'users in bulk',
    );
    assert.deepEqual(lotUsers.results.map((r: Json) => r.status), [201, 422]);
    expect(await admin.post('/admin/usuario/lote', { items: [] }, adminToken), 422, 'empty bulk');

    // ---- doctores
    const docUsername = unique('doc');
    const doctor = expect(
      await admin.post('/admin/doctores', { nombre: 'Dra. Ana Conforme', especialidad: 'Endodoncia Conforme', username: docUsername, password: TEST_PASSWORD }, adminToken),
      201,
      'create doctor',
    );
    expect(await admin.post('/admin/doctores', { nombre: 'Otro', especialidad: 'X', username: docUsername, password: TEST_PASSWORD }, adminToken), 409, 'duplicate doctor user');
    expect(await admin.post('/admin/doctores', { nombre: 'Dr.\u202e Malo', especialidad: 'X', username: unique('d'), password: TEST_PASSWORD }, adminToken), 422, 'bidi override');
    const doctorToken = (await admin.post('/auth/login', { username: docUsername, password: TEST_PASSWORD })).body.access_token as string;
    expect(await admin.get('/auth/me', doctorToken), 200, 'me as doctor');
    expect(await admin.get('/admin/doctores?q=conforme&especialidad=Endodoncia%20Conforme&activo=true', doctorToken), 200, 'list doctors');
    expect(await admin.get('/admin/doctores?activo=si', adminToken), 400, 'activo not a boolean');
    expect(await admin.get(`/admin/doctores/${doctor.id_doctor}`, doctorToken), 200, 'one doctor');
    expect(await admin.get('/admin/doctores/987654', adminToken), 404, 'no such doctor');
    expect(await admin.patch(`/admin/doctores/${doctor.id_doctor}`, { nombre: 'Dra. Ana Conforme Ruiz' }, adminToken), 200, 'patch doctor');
    expect(await admin.patch(`/admin/doctores/${doctor.id_doctor}`, { username: 'otra' }, adminToken), 422, 'credentials not patchable');
    expect(await admin.patch('/admin/doctores/987654', { nombre: 'Nadie' }, adminToken), 404, 'patch nobody');
    expect(await admin.patch(`/admin/doctores/${doctor.id_doctor}`, { nombre: 'Otro' }, doctorToken), 403, 'doctor patching');
    const lotDoctors = expect(
      await admin.post(
        '/admin/doctores/lote',
        { items: [{ nombre: 'Dr. Lote', especialidad: 'Ortodoncia', username: unique('dl'), password: TEST_PASSWORD }, { nombre: 'Dr. Dup', especialidad: 'X', username: docUsername, password: TEST_PASSWORD }] },
        adminToken,
      ),
      200,
      'doctors in bulk',
    );
    assert.deepEqual(lotDoctors.results.map((r: Json) => r.status), [201, 409]);
    expect(await admin.delete(`/admin/doctores/${lotDoctors.results[0].id}`, adminToken), 200, 'delete doctor');
    expect(await admin.delete('/admin/doctores/987654', adminToken), 404, 'delete nobody');

    // ---- pacientes
    const pacUsername = unique('pac');
    const patient = expect(
      await admin.post('/admin/pacientes', { nombre: 'Luis Conforme', telefono: '612 34 56 78', username: pacUsername, password: TEST_PASSWORD }, adminToken),
      201,
      'create patient',
    );
    const otherUsername = unique('pac');
    const other = expect(
      await admin.post('/admin/pacientes', { nombre: 'Eva Otra', telefono: '600111222', estado: 'ACTIVO', username: otherUsername, password: TEST_PASSWORD }, adminToken),
      201,
      'create other patient',
    );
    expect(await admin.post('/admin/pacientes', { nombre: 'X', telefono: '12', username: unique('p'), password: TEST_PASSWORD }, adminToken), 422, 'bad phone');
    expect(await admin.post('/admin/pacientes', { nombre: 'X', telefono: '600111222', username: pacUsername, password: TEST_PASSWORD }, adminToken), 409, 'duplicate patient user');
    let patientToken = (await admin.post('/auth/login', { username: pacUsername, password: TEST_PASSWORD })).body.access_token as string;
    const otherToken = (await admin.post('/auth/login', { username: otherUsername, password: TEST_PASSWORD })).body.access_token as string;
    expect(await admin.get('/auth/me', patientToken), 200, 'me as patient');
    expect(await admin.get('/admin/pacientes?q=conforme&estado=ACTIVO&telefono=5678', secretaria), 200, 'list patients');
    expect(await admin.get('/admin/pacientes?telefono=12', secretaria), 400, 'too few digits');
    expect(await admin.get('/admin/pacientes', patientToken), 403, 'patient listing patients');
    expect(await admin.get(`/admin/pacientes/${patient.id_paciente}`, patientToken), 200, 'own record');
    expect(await admin.get(`/admin/pacientes/${other.id_paciente}`, patientToken), 404, 'another patient record');
    expect(await admin.patch(`/admin/pacientes/${patient.id_paciente}`, { telefono: '+34 612 34 56 79' }, adminToken), 200, 'patch patient');
    expect(await admin.patch(`/admin/pacientes/${patient.id_paciente}`, { estado: 'DORMIDO' }, adminToken), 422, 'bad estado');
    const lotPatients = expect(
      await admin.post(
        '/admin/pacientes/lote',
        { items: [{ nombre: 'P. Lote', telefono: '600333444', username: unique('pl'), password: TEST_PASSWORD }, { nombre: 'P. Mal', telefono: 'no', username: unique('pm'), password: TEST_PASSWORD }] },
        adminToken,
      ),
      200,
      'patients in bulk',
    );
    expect(await admin.delete(`/admin/pacientes/${lotPatients.results[0].id}`, adminToken), 200, 'delete patient');
    expect(await admin.delete(`/admin/pacientes/${lotPatients.results[0].id}`, patientToken), 403, 'patient deleting');

    // ---- centros
    const center = expect(await admin.post('/admin/centros', { nombre: 'Centro Conforme', direccion: 'Calle Mayor 1, Madrid' }, adminToken), 201, 'create center');
    expect(await admin.post('/admin/centros', { nombre: 'Centro\u0007', direccion: 'Calle' }, adminToken), 422, 'control character');
    expect(await admin.get('/admin/centros?q=conforme&activo=true', patientToken), 200, 'list centers');
    expect(await admin.get(`/admin/centros/${center.id_centro}`, patientToken), 200, 'one center');
    expect(await admin.get('/admin/centros/987654', patientToken), 404, 'no such center');
    expect(await admin.patch(`/admin/centros/${center.id_centro}`, { direccion: 'Calle Mayor 2, Madrid' }, adminToken), 200, 'patch center');
    expect(await admin.patch('/admin/centros/987654', { direccion: 'X' }, adminToken), 404, 'patch no center');
    const lotCenters = expect(await admin.post('/admin/centros/lote', { items: [{ nombre: 'Centro Lote', direccion: 'Calle 3' }, { nombre: 'Sin dirección' }] }, adminToken), 200, 'centers in bulk');
    expect(await admin.delete(`/admin/centros/${lotCenters.results[0].id}`, adminToken), 200, 'delete center');
    expect(await admin.delete('/admin/centros/987654', adminToken), 404, 'delete no center');

    // ---- directorio (what citas asks)
    expect(
      await admin.get(`/admin/directorio?id_doctor=${doctor.id_doctor}&id_centro=987654&id_paciente=${other.id_paciente}`, patientToken),
      200,
      'directory, with an absent center and an invisible patient',
    );
    expect(await admin.get('/admin/directorio', adminToken), 400, 'directory without ids');

    // ---- agenda
    const d = doctor.id_doctor;
    const week = [1, 2, 3, 4, 5].map((dia) => ({ dia, desde: '09:00', hasta: '14:00' }));
    expect(await citas.get('/health'), 200, 'citas health');
    expect(await citas.get('/ready'), 200, 'citas ready');
    expect(await citas.get('/metrics'), 200, 'citas metrics');
    expect(await citas.put(`/agenda/${d}/horario`, { id_centro: center.id_centro, franjas: week, duracion_cita_min: 30 }, secretaria), 200, 'set schedule');
    expect(await citas.put(`/agenda/${d}/horario`, { id_centro: center.id_centro, franjas: week }, patientToken), 403, 'patient setting a schedule');
    expect(await citas.put(`/agenda/${d}/horario`, { id_centro: center.id_centro, franjas: [{ dia: 8, desde: '09:00', hasta: '10:00' }] }, secretaria), 422, 'day 8');
    expect(await citas.put('/agenda/987654/horario', { id_centro: center.id_centro, franjas: [] }, secretaria), 422, 'schedule of nobody');
    expect(await citas.get(`/agenda/${d}/horario`, patientToken), 200, 'read schedule');
    expect(await citas.get('/agenda/987654/horario', patientToken), 404, 'schedule of nobody');
    const absence = expect(await citas.post(`/agenda/${d}/ausencias`, { desde: '2026-03-04', hasta: '2026-03-04', motivo: 'Congreso' }, doctorToken), 201, 'absence');
    const spareAbsence = expect(await citas.post(`/agenda/${d}/ausencias`, { desde: '2026-03-20T09:00:00', hasta: '2026-03-20T10:00:00' }, secretaria), 201, 'spare absence');
    expect(await citas.post(`/agenda/${d}/ausencias`, { desde: '2026-03-05', hasta: '2026-03-04' }, secretaria), 422, 'hasta before desde');
    expect(await citas.post(`/agenda/${d}/ausencias`, { desde: '2026-03-04', hasta: '2026-03-04' }, patientToken), 403, 'patient adding an absence');
    expect(await citas.get(`/agenda/${d}/ausencias?desde=2026-03-01&hasta=2026-03-31`, patientToken), 200, 'absences (motivo hidden)');
    expect(await citas.get(`/agenda/${d}/ausencias`, doctorToken), 200, 'absences (motivo shown)');
    expect(await citas.get(`/agenda/${d}/ausencias/${absence.id_ausencia}`, patientToken), 200, 'one absence (motivo hidden)');
    expect(await citas.get(`/agenda/${d}/ausencias/987654`, secretaria), 404, 'no such absence');
    expect(await citas.get(`/agenda/${d}/ausencias?desde=ayer`, doctorToken), 400, 'bad desde');
    expect(await citas.get('/agenda/987654/ausencias', secretaria), 404, 'absences of a doctor nobody knows');
    expect(await citas.delete(`/agenda/${d}/ausencias/${spareAbsence.id_ausencia}`, secretaria), 204, 'delete absence');
    expect(await citas.delete(`/agenda/${d}/ausencias/${spareAbsence.id_ausencia}`, secretaria), 404, 'delete it again');
    assert.ok(absence.id_ausencia);

    // ---- availability
    const free = expect(await citas.get(`/citas/disponibilidad?id_doctor=${d}&fecha=2026-03-03`, patientToken), 200, 'free slots');
    expect(await citas.get(`/citas/disponibilidad?id_doctor=${d}&fecha=2026-03-03&id_centro=${center.id_centro}&duracion_min=60`, patientToken), 200, 'free hours');
    expect(await citas.get(`/citas/disponibilidad?id_doctor=${d}`, patientToken), 400, 'no fecha');
    expect(await citas.get(`/citas/disponibilidad?id_doctor=${d}&fecha=2026-02-30`, patientToken), 400, 'no such day');
    expect(await citas.get('/citas/disponibilidad?id_doctor=987654&fecha=2026-03-03', patientToken), 422, 'no such doctor');
    expect(await citas.get('/citas/disponibilidad/proximos?especialidad=Endodoncia%20Conforme&desde=2026-03-03&limite=3', patientToken), 200, 'next slots');
    expect(await citas.get('/citas/disponibilidad/proximos?especialidad=X&desde=2026-03-03&limite=51', patientToken), 400, 'limite above 50');
    expect(await citas.get(`/citas/disponibilidad/proximos?especialidad=X&desde=2026-03-03&id_centro=987654`, patientToken), 422, 'no such center');

    // ---- citas
    const booking = { fecha: free.huecos[0].inicio, motivo: 'Revisión', id_paciente: patient.id_paciente, id_doctor: d, id_centro: center.id_centro };
    const cita = expect(await citas.post('/citas', booking, patientToken), 201, 'book');
    expect(await citas.post('/citas', { ...booking, id_paciente: other.id_paciente }, otherToken), 409, 'slot taken');
    expect(await citas.post('/citas', { ...booking, id_paciente: other.id_paciente }, patientToken), 403, 'for another patient');
    expect(await citas.post('/citas', booking, doctorToken), 403, 'doctor booking');
    expect(await citas.post('/citas', booking), 401, 'no token');
    expect(await citas.post('/citas', '{"fecha"', patientToken), 400, 'malformed JSON');
    expect(await citas.post('/citas', 'fecha=1', patientToken, { 'content-type': 'text/plain' }), 415, 'not JSON');
    expect(await citas.post('/citas', { ...booking, fecha: '2026-03-03T11:07:00' }, patientToken), 422, 'off the grid');
    expect(await citas.post('/citas', { ...booking, fecha: '2026-03-01T10:00:00' }, adminToken), 422, 'in the past');
    expect(await citas.post('/citas', { ...booking, id_doctor: 987654 }, adminToken), 422, 'no such doctor');
    expect(await citas.post('/citas', { ...booking, color: 'rojo' }, patientToken), 422, 'unknown field');
    const keyed = { ...booking, fecha: free.huecos[1].inicio };
    const key = { 'idempotency-key': '8e03978e-40d5-43e8-bc93-6894a57f9324' };
    expect(await citas.post('/citas', keyed, patientToken, key), 201, 'book with an Idempotency-Key');
    const replay = await citas.post('/citas', keyed, patientToken, key);
    expect(replay, 201, 'the same again: replayed');
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    expect(await citas.post('/citas', { ...keyed, motivo: 'Otra' }, patientToken, key), 422, 'the same key, another body');
    expect(await citas.post('/citas', keyed, patientToken, { 'idempotency-key': 'con espacio' }), 400, 'a malformed Idempotency-Key');
    expect(await citas.get('/citas', patientToken), 200, 'own citas');
    expect(await citas.get('/citas', doctorToken), 200, 'doctor citas');
    expect(await citas.get('/citas?fecha=2026-03-03', secretaria), 200, 'secretaria by day');
    expect(await citas.get(`/citas?id_doctor=${d}&id_centro=${center.id_centro}&id_paciente=${patient.id_paciente}&estado=Programada&page=1&page_size=10`, adminToken), 200, 'admin filters');
    expect(await citas.get('/citas?estado=Perdida', adminToken), 400, 'bad estado');
    expect(await citas.get('/citas?fecha=2026-13-01', adminToken), 400, 'bad fecha');
    expect(await citas.get(`/citas/${cita.id_cita}`, patientToken), 200, 'own cita');
    expect(await citas.get(`/citas/${cita.id_cita}`, otherToken), 404, 'another patient cita');
    expect(await citas.get('/citas/987654', adminToken), 404, 'no such cita');
    expect(await citas.get('/citas/abc', adminToken), 400, 'cita id not a number');

    // change (reschedule), confirm, cancel, delete, attend
    const changeKey = { 'idempotency-key': 'b5a1f0de-7c2e-4b7a-9d3f-1e6c8a2b4d70' };
    const moved = expect(await citas.put(`/citas/${cita.id_cita}`, { fecha: free.huecos[2].inicio }, patientToken, changeKey), 200, 'reschedule with an Idempotency-Key');
    const current = moved.cita_nueva.id_cita;
    const movedAgain = await citas.put(`/citas/${cita.id_cita}`, { fecha: free.huecos[2].inicio }, patientToken, changeKey);
    expect(movedAgain, 200, 'the same change again: replayed');
    assert.equal(movedAgain.headers.get('idempotent-replayed'), 'true');
    expect(await citas.put(`/citas/${cita.id_cita}`, { fecha: free.huecos[4].inicio }, patientToken, changeKey), 422, 'the same key, another change');
    expect(await citas.put(`/citas/${cita.id_cita}`, { fecha: free.huecos[4].inicio }, patientToken, { 'idempotency-key': 'a,b' }), 400, 'a malformed Idempotency-Key on a change');
    expect(await citas.put(`/citas/${cita.id_cita}`, { fecha: free.huecos[4].inicio }, patientToken), 409, 'reschedule a replaced cita');
    expect(await citas.put(`/citas/${current}`, { estado: 'Confirmada', fecha: free.huecos[4].inicio }, patientToken), 422, 'estado and fecha');
    expect(await citas.put(`/citas/${current}`, { estado: 'Atendida' }, doctorToken), 409, 'attended before it starts');
    expect(await citas.put(`/citas/${current}`, { estado: 'Confirmada' }, patientToken), 200, 'confirm');
    expect(await citas.put(`/citas/${current}`, { estado: 'Confirmada' }, otherToken), 404, 'confirm someone else');
    expect(await citas.put('/citas/987654', { estado: 'Cancelada' }, adminToken), 404, 'cancel nothing');
    const second = expect(await citas.post('/citas', { ...booking, fecha: free.huecos[6].inicio, id_paciente: other.id_paciente }, otherToken), 201, 'book another');
    const cancelKey = { 'idempotency-key': 'c0ffee00-cancel-1' };
    expect(await citas.put(`/citas/${second.id_cita}`, { estado: 'Cancelada', motivo_cancelacion: 'Viaje' }, otherToken, cancelKey), 200, 'cancel');
    expect(await citas.put(`/citas/${second.id_cita}`, { estado: 'Cancelada', motivo_cancelacion: 'Viaje' }, otherToken, cancelKey), 200, 'cancel again with its key: replayed');
    expect(await citas.put(`/citas/${second.id_cita}`, { estado: 'Cancelada' }, otherToken), 409, 'cancel twice');
    const third = expect(await citas.post('/citas', { ...booking, fecha: free.huecos[7].inicio, id_paciente: other.id_paciente }, adminToken), 201, 'admin books');
    const deleteKey = { 'idempotency-key': 'c0ffee00-delete-1' };
    expect(await citas.delete(`/citas/${third.id_cita}`, secretaria, deleteKey), 200, 'delete = cancel');
    expect(await citas.delete(`/citas/${third.id_cita}`, secretaria, deleteKey), 200, 'delete again with its key: replayed');
    expect(await citas.delete(`/citas/${second.id_cita}`, secretaria, deleteKey), 422, 'the same key, another cita');
    expect(await citas.delete(`/citas/${third.id_cita}`, secretaria), 409, 'delete twice');
    expect(await citas.delete(`/citas/${current}`, doctorToken), 403, 'doctor deleting');
    expect(await citas.get(`/citas/${current}/historial`, doctorToken), 200, 'history');
    expect(await citas.get('/citas/987654/historial', adminToken), 404, 'history of nothing');
    clock.set('2026-03-03T09:10:00Z'); // 10:10 in Madrid: huecos[2] (10:00) has started
    expect(await citas.put(`/citas/${current}`, { estado: 'Atendida' }, doctorToken), 200, 'attended');
    expect(await citas.put(`/citas/${current}`, { estado: 'Cancelada' }, patientToken), 409, 'cancel after it started');
    clock.set('2026-03-02T08:00:00Z');

    // ---- accounts: password change, logout, throttling
    expect(await admin.post('/auth/password', { password_actual: 'No-Es-Esta-1', password_nueva: 'Otra-Clave-2027' }, patientToken), 422, 'wrong current password');
    expect(await admin.post('/auth/password', { password_actual: TEST_PASSWORD, password_nueva: 'Otra-Clave-2027' }, patientToken), 204, 'change password');
    expect(await admin.get('/auth/me', patientToken), 401, 'old token after a password change');
    patientToken = expect(await admin.post('/auth/login', { username: pacUsername, password: 'Otra-Clave-2027' }), 200, 'login with the new password').access_token;
    expect(await admin.post('/auth/logout', undefined, patientToken), 204, 'logout');
    expect(await admin.get('/auth/me', patientToken), 401, 'token after logout');
    for (let i = 0; i < 3; i++) await admin.post('/auth/login', { username: otherUsername, password: 'Mal-Clave-1' });
    expect(await admin.post('/auth/login', { username: otherUsername, password: 'Mal-Clave-1' }), 429, 'too many attempts');

    // ---- admin down: citas answers 503 where it must ask admin
    await sys.stopAdmin();
    try {
      expect(await citas.get('/ready'), 503, 'citas not ready without admin');
      expect(await citas.post('/citas', { ...booking, fecha: free.huecos[8].inicio, id_paciente: other.id_paciente }, adminToken), 503, 'booking without admin');
      expect(await citas.get(`/citas/disponibilidad?id_doctor=${d}&fecha=2026-03-05`, adminToken), 503, 'availability without admin');
      expect(await citas.get(`/agenda/${d}/horario`, adminToken), 503, 'schedule without admin');
      expect(await citas.put(`/agenda/${d}/horario`, { id_centro: center.id_centro, franjas: week }, adminToken), 503, 'set schedule without admin');
      expect(await citas.post(`/agenda/${d}/ausencias`, { desde: '2026-03-10', hasta: '2026-03-10' }, adminToken), 503, 'absence without admin');
      expect(await citas.get('/citas/disponibilidad/proximos?especialidad=Endodoncia%20Conforme&desde=2026-03-03', adminToken), 503, 'next slots without admin');
      expect(await citas.put(`/citas/${second.id_cita}`, { estado: 'Confirmada' }, adminToken), 409, 'a status change needs no admin');
    } finally {
      await sys.startAdminAgain();
    }
  });

  it('documents every (path, method) the walk reached', () => {
    const problems = exchanges.filter((e) => !isGeneric(e) && !operationOf(e).op).map((e) => `${e.service} ${e.method.toUpperCase()} ${e.path} is not documented`);
    assert.deepEqual(problems, [], report(problems));
  });

  it('documents every status code an operation answered', () => {
    const problems: string[] = [];
    for (const e of exchanges) {
      const { op } = operationOf(e);
      if (!op || isGeneric(e)) continue;
      if (!op.op.responses[String(e.status)]) {
        problems.push(`${e.service} ${op.method.toUpperCase()} ${op.template} answers ${e.status}${e.body?.code ? ` ${e.body.code}` : ''}, undocumented (documented: ${Object.keys(op.op.responses).join(', ')})`);
      }
    }
    assert.deepEqual([...new Set(problems)], [], report(problems));
  });

  it('answers with the documented Content-Type (none for a documented empty answer)', () => {
    const problems: string[] = [];
    for (const e of exchanges) {
      const { op } = operationOf(e);
      if (isGeneric(e)) {
        if (mediaType(e.contentType) !== 'application/problem+json') problems.push(`${label(e)}: ${e.contentType}, not application/problem+json`);
        continue;
      }
      const documented = op?.op.responses[String(e.status)];
      if (!documented) continue;
      const types = Object.keys(documented.content ?? {});
      if (types.length === 0) {
        if (e.text !== '') problems.push(`${e.service} ${op!.method.toUpperCase()} ${op!.template} ${e.status}: documented without a body, answered ${e.contentType}`);
      } else if (!types.includes(mediaType(e.contentType))) {
        problems.push(`${e.service} ${op!.method.toUpperCase()} ${op!.template} ${e.status}: answered ${e.contentType}, documented ${types.join(', ')}`);
      }
    }
    assert.deepEqual([...new Set(problems)], [], report(problems));
  });

  it('answers bodies that validate against the documented schema, and every error against Problem', () => {
    const problems: string[] = [];
    for (const e of exchanges) {
      const { op } = operationOf(e);
      if (e.status >= 400) {
        const v = validatorFor(e.service, 'Problem', { $ref: '#/components/schemas/Problem' });
        if (!v(e.body)) problems.push(`${label(e)}: not a Problem: ${describeErrors(v)}`);
      }
      const documented = op?.op.responses[String(e.status)];
      const type = mediaType(e.contentType);
      const schema = documented?.content?.[type]?.schema;
      if (!op || !schema) continue;
      const v = validatorFor(e.service, `${op.method} ${op.template} ${e.status} ${type}`, schema);
      if (!v(e.body)) problems.push(`${op.method.toUpperCase()} ${op.template} ${e.status} (${label(e)}): ${describeErrors(v)}`);
    }
    assert.deepEqual(problems, [], report(problems));
  });

  /**
   * The headers a client acts on: Location (where the new record lives), WWW-Authenticate (how to
   * authenticate, RFC 9110) and Retry-After (when to try again). Each is documented on the answers that
   * carry it, and sent on every answer whose documentation lists it as required.
   */
  const ACTIONABLE_HEADERS: Record<string, string> = { '201': 'Location', '401': 'WWW-Authenticate', '429': 'Retry-After', '503': 'Retry-After' };

  it('documents Location on 201, WWW-Authenticate on 401 and Retry-After on 429 and 503, and sends every required header it documents', () => {
    const problems: string[] = [];
    for (const e of exchanges) {
      const { op } = operationOf(e);
      if (!op || isGeneric(e)) continue;
      const documented = op.op.responses[String(e.status)];
      if (!documented) continue;
      const where = `${e.service} ${op.method.toUpperCase()} ${op.template} ${e.status}`;
      const expected = ACTIONABLE_HEADERS[String(e.status)];
      const headers = (documented.headers ?? {}) as Json;
      const documentedNames = Object.keys(headers).map((h) => h.toLowerCase());
      if (expected && !documentedNames.includes(expected.toLowerCase())) problems.push(`${where}: ${expected} is not documented`);
      if (expected && !e.headers.has(expected)) problems.push(`${where}: answered without ${expected}`);
      for (const [name, header] of Object.entries(headers)) {
        if ((header as Json).required && !e.headers.has(name)) problems.push(`${where}: documents ${name} as required, answered without it`);
      }
    }
    assert.deepEqual([...new Set(problems)], [], report(problems));
  });

  it("points each 201 answer's Location at the record it created", async () => {
    const problems: string[] = [];
    const token = sys.adminToken;
    for (const e of exchanges.filter((x) => x.status === 201)) {
      const location = e.headers.get('location');
      if (!location) continue; // the check above names it
      if (exchanges.some((x) => x.method === 'delete' && x.status === 204 && x.path === location)) continue; // the walk deleted it since
      const base = e.service === 'admin' ? sys.admin.url : sys.citas.url;
      const res = await fetch(new URL(location, base), { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as Json;
      // Every record's own id comes first in its JSON (the contract's order): id_user, id_doctor, id_cita...
      const idOf = (b: Json) => Object.entries(b).find(([k]) => k.startsWith('id_'));
      if (res.status !== 200 || JSON.stringify(idOf(body)) !== JSON.stringify(idOf(e.body))) problems.push(`${label(e)}: Location ${location} answered ${res.status} ${JSON.stringify(body).slice(0, 80)}`);
    }
    assert.deepEqual(problems, [], report(problems));
  });

  it('documents the parameters the services accept and refuse', () => {
    const problems: string[] = [];
    for (const e of exchanges) {
      const { op, pathParams } = operationOf(e);
      if (!op || isGeneric(e)) continue;
      const params: Json[] = op.op.parameters ?? [];
      const sent: Record<string, string> = { ...pathParams, ...Object.fromEntries(e.query) };
      const where = `${e.service} ${op.method.toUpperCase()} ${op.template}`;
      const refusedByDoc = new Set<string>();
      for (const p of params) {
        const value = p.in === 'path' ? pathParams[p.name] : p.in === 'header' ? e.requestHeaders[p.name.toLowerCase()] : e.query.get(p.name) ?? undefined;
        if (value === undefined) {
          if (p.required) refusedByDoc.add(p.name);
          continue;
        }
        const v = validatorFor(e.service, `param ${where} ${p.in} ${p.name}`, p.schema ?? {}, true);
        if (!v(value)) refusedByDoc.add(p.name);
      }
      for (const name of Object.keys(sent)) if (!params.some((p) => p.name === name)) refusedByDoc.add(name);
      if (e.status < 400 && refusedByDoc.size > 0) {
        problems.push(`${label(e)}: accepted, but the document refuses ${[...refusedByDoc].join(', ')}`);
      }
      if (e.status === 400 && e.body?.code === 'PARAMETRO_INVALIDO') {
        const named = (e.body.errors as Json[]).map((x) => String(x.path).split('.')[0]).filter((n) => n in sent || params.some((p) => p.name === n));
        const accepted = named.filter((n) => !refusedByDoc.has(n));
        if (accepted.length > 0) {
          problems.push(`${label(e)}: refused ${accepted.map((n) => `${n}=${sent[n] ?? '(absent)'}`).join(', ')}, which the document accepts`);
        }
      }
    }
    // The contract: ids are positive integers, and so are page, page_size and the other counts a query carries.
    for (const service of ['admin', 'citas'] as const) {
      for (const o of operations(service)) {
        for (const p of (o.op.parameters ?? []) as Json[]) {
          // A list of ids (id_user=12,15,31) is documented as an array of them.
          const integers = p.schema?.type === 'integer' || (p.schema?.type === 'array' && p.schema.items?.type === 'integer');
          if (/^(id|id_.*|page|page_size|limite|duracion_min)$/.test(p.name) && !integers) {
            problems.push(`${service}: ${p.in} parameter ${p.name} is documented as ${p.schema?.type}, not integer`);
          }
        }
      }
    }
    assert.deepEqual([...new Set(problems)], [], report(problems));
  });

  it('documents the request bodies the services accept, and the form of every date and time a body carries', () => {
    const problems: string[] = [];
    for (const e of exchanges) {
      const { op } = operationOf(e);
      const schema = op?.op.requestBody?.content?.['application/json']?.schema;
      if (!op || !schema || e.requestBody === undefined || e.status >= 400) continue;
      const v = validatorFor(e.service, `body ${e.service} ${op.method} ${op.template}`, schema);
      if (!v(e.requestBody)) problems.push(`${label(e)}: accepted ${JSON.stringify(e.requestBody)}, which the document refuses (${describeErrors(v)})`);
    }
    // A client generated from the document can only send a date the way the service reads it if the form is in the schema, not only in prose.
    const components = (service: Service): Json => docs[service].components?.schemas ?? {};
    const resolve = (service: Service, s: Json | undefined): Json | undefined => (s?.$ref ? components(service)[String(s.$ref).split('/').pop() as string] : s);
    const undated = (service: Service, s: Json | undefined, where: string): string[] => {
      const node = resolve(service, s);
      if (!node) return [];
      const own = node.type === 'string' && /^(fecha|desde|hasta|inicio|fin|hora.*)$/.test(where.split('.').pop() as string) && !node.format && !node.pattern ? [where] : [];
      const nested = [
        ...Object.entries((node.properties ?? {}) as Json).flatMap(([k, v]) => undated(service, v as Json, `${where}.${k}`)),
        ...(['anyOf', 'oneOf', 'allOf'] as const).flatMap((k) => ((node[k] ?? []) as Json[]).flatMap((v) => undated(service, v, where))),
        ...(node.items ? undated(service, node.items, `${where}[]`) : []),
      ];
      return [...own, ...nested];
    };
    for (const service of ['admin', 'citas'] as const) {
      for (const o of operations(service)) {
        for (const field of undated(service, o.op.requestBody?.content?.['application/json']?.schema, 'body')) {
          problems.push(`${service} ${o.method.toUpperCase()} ${o.template}: ${field} is a date or time described in words only (no format or pattern)`);
        }
      }
    }
    assert.deepEqual([...new Set(problems)], [], report(problems));
  });

  it('exercises every documented operation at least once', () => {
    const reached = new Set(exchanges.map((e) => operationOf(e).op).filter((o): o is Operation => !!o).map((o) => `${o.method} ${o.template}`));
    const missing = (['admin', 'citas'] as const).flatMap((s) =>
      operations(s)
        .filter((o) => !reached.has(`${o.method} ${o.template}`))
        .map((o) => `${s} ${o.method.toUpperCase()} ${o.template}`),
    );
    assert.deepEqual(missing, [], `documented but not exercised by the walk:\n  ${missing.join('\n  ')}`);
  });
});
