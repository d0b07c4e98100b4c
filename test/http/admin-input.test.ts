import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestAdmin, type TestAdmin } from '../support/admin';

/** What a careless or hostile client gets: always problem+json, never a stack, SQL or 500. */
describe('admin input handling', () => {
  let admin: TestAdmin;
  let token: string;
  before(async () => {
    admin = await startTestAdmin();
    token = await admin.adminToken();
  });
  after(() => admin.close());

  const raw = (method: string, path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${admin.url}${path}`, { method, body, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers } });

  async function problem(res: Response): Promise<any> {
    assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const body = (await res.json()) as any;
    assert.deepEqual(Object.keys(body).sort(), ['code', 'detail', 'errors', 'status', 'title', 'type']);
    assert.equal(body.status, res.status);
    assert.doesNotMatch(JSON.stringify(body), /at .*\.ts|SQLITE|SELECT|INSERT/);
    return body;
  }

  it('malformed JSON is 400 JSON_MALFORMADO', async () => {
    const res = await raw('POST', '/admin/centros', '{"nombre": "x",');
    assert.equal(res.status, 400);
    assert.equal((await problem(res)).code, 'JSON_MALFORMADO');
  });

  it('a body that is not JSON is 415', async () => {
    const res = await raw('POST', '/admin/centros', 'nombre=x', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(res.status, 415);
    assert.equal((await problem(res)).code, 'TIPO_NO_SOPORTADO');
  });

  it('a body over the limit is 413', async () => {
    const res = await raw('POST', '/admin/centros/lote', JSON.stringify({ items: [{ nombre: 'x'.repeat(1_100_000), direccion: 'y' }] }));
    assert.equal(res.status, 413);
    assert.equal((await problem(res)).code, 'CUERPO_DEMASIADO_GRANDE');
  });

  it('an unknown field is 422 naming it: no mass assignment of rol, id_user or activo', async () => {
    for (const [path, body] of [
      ['/admin/doctores', { nombre: 'A', especialidad: 'B', username: 'mass.a', password: 'Sonrisa2026', rol: 'admin' }],
      ['/admin/pacientes', { nombre: 'A', telefono: '612345678', username: 'mass.b', password: 'Muela2026x', id_user: 1 }],
      ['/admin/centros', { nombre: 'A', direccion: 'B', activo: false }],
    ] as const) {
      const res = await admin.post(path, body, token);
      assert.equal(res.status, 422, path);
      assert.equal(res.body.code, 'VALIDACION');
      assert.deepEqual(res.body.errors, [{ path: Object.keys(body).at(-1), message: 'Campo desconocido.' }], path);
    }
    assert.equal((await admin.get('/admin/usuario?rol=admin', token)).body.total, 1, 'no admin was created through a doctor');
  });

  it('a wrong type or a missing field is 422 with each field named', async () => {
    const res = await admin.post('/admin/doctores', { nombre: 42, especialidad: 'B', username: 'tipo.mal' }, token);
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), ['nombre', 'password']);
    const detail = await admin.post('/admin/pacientes', { nombre: 'A', telefono: '123', username: 'tel.mal', password: 'Muela2026x' }, token);
    assert.match(detail.body.detail, /telefono/);
  });

  it('names, addresses and specialties with control characters or bidirectional overrides are 422 naming the field, on create, update and bulk', async () => {
    const center = await admin.post('/admin/centros', { nombre: '\u001b[31mClínica', direccion: 'Calle Mayor 1' }, token);
    assert.equal(center.status, 422, JSON.stringify(center.body));
    assert.deepEqual(center.body.errors.map((e: { path: string }) => e.path), ['nombre']);
    const doctor = await admin.post('/admin/doctores', { nombre: 'Dra. Ruiz', especialidad: 'Orto\u202Eaicnod', username: 'bidi.doc', password: 'Muela2026x' }, token);
    assert.equal(doctor.status, 422, JSON.stringify(doctor.body));
    assert.deepEqual(doctor.body.errors.map((e: { path: string }) => e.path), ['especialidad']);
    const fine = await admin.post('/admin/centros', { nombre: 'Clínica Ñandú', direccion: 'Calle Mayor 2' }, token);
    assert.equal(fine.status, 201);
    const patch = await admin.request('PATCH', `/admin/centros/${fine.body.id_centro}`, { direccion: 'Calle\rMayor' }, token);
    assert.equal(patch.status, 422, JSON.stringify(patch.body));
    assert.deepEqual(patch.body.errors.map((e: { path: string }) => e.path), ['direccion']);
    const bulk = await admin.post('/admin/pacientes/lote', { items: [{ nombre: 'Ana\u0000', telefono: '600123456', username: 'nul.pac', password: 'Muela2026x' }] }, token);
    assert.equal(bulk.body.results[0].status, 422, JSON.stringify(bulk.body));
    assert.deepEqual(bulk.body.results[0].error.errors.map((e: { path: string }) => e.path), ['nombre']);
  });

  it('bad query parameters are 400: page_size over 100, page 0, non-numeric id, unknown parameter, wrong estado', async () => {
    for (const path of ['/admin/doctores?page_size=101', '/admin/doctores?page=0', '/admin/doctores/abc', '/admin/doctores/-1', '/admin/centros?color=azul', '/admin/pacientes?estado=BORRADO', '/admin/doctores?activo=quizas']) {
      const res = await admin.get(path, token);
      assert.equal(res.status, 400, path);
      assert.equal(res.body.code, 'PARAMETRO_INVALIDO', path);
    }
    assert.equal((await admin.get('/admin/doctores?page_size=100', token)).status, 200);
  });

  it('a telefono filter with fewer than 3 digits, or with anything but digits and phone separators, is 400 saying why', async () => {
    for (const asked of ['', '   ', '12', '+34', '00 3', '--.()', 'Ana', '612abc', '612%', '612_', '6+12', '612\n345']) {
      const path = `/admin/pacientes?telefono=${encodeURIComponent(asked)}`;
      const res = await admin.get(path, token);
      assert.equal(res.status, 400, path);
      assert.equal(res.body.code, 'PARAMETRO_INVALIDO', path);
      assert.match(res.body.detail, /^Parámetros de consulta no válidos: telefono: .*cifras/, path);
      assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path), ['telefono'], path);
    }
    const twice = await admin.get('/admin/pacientes?telefono=612&telefono=345', token);
    assert.equal(twice.status, 400);
    for (const asked of ['612', '+34 612', '(612) 34-56.78', ' 0034 612 ']) {
      const res = await admin.get(`/admin/pacientes?telefono=${encodeURIComponent(asked)}`, token);
      assert.equal(res.status, 200, `${asked}: ${JSON.stringify(res.body)}`);
    }
  });

  it('an unknown route is 404 and a wrong method 405 with Allow, both as problem JSON', async () => {
    const missing = await fetch(`${admin.url}/admin/nada`);
    assert.equal(missing.status, 404);
    assert.equal((await problem(missing)).code, 'RUTA_NO_ENCONTRADA');
    const wrong = await fetch(`${admin.url}/admin/centros`, { method: 'PUT', headers: { authorization: `Bearer ${token}` } });
    assert.equal(wrong.status, 405);
    assert.match(wrong.headers.get('allow') ?? '', /GET/);
    assert.equal((await problem(wrong)).code, 'METODO_NO_PERMITIDO');
  });

  it('a missing or forged token is 401 with WWW-Authenticate', async () => {
    const none = await fetch(`${admin.url}/admin/centros`);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    assert.equal((await problem(none)).code, 'NO_AUTENTICADO');
    const [header, payload] = token.split('.');
    const forged = await admin.get('/admin/centros', `${header}.${payload}.firmafalsa`);
    assert.equal(forged.status, 401);
    assert.equal(forged.body.code, 'TOKEN_INVALIDO');
  });
});
