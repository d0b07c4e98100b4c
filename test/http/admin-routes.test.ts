import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestAdmin, type TestAdmin } from '../support/admin';

/** Every admin route through real HTTP, with the contract's field names. */
describe('admin routes', () => {
  let admin: TestAdmin;
  let token: string;
  before(async () => {
    admin = await startTestAdmin();
    token = await admin.adminToken();
  });
  after(() => admin.close());

  it('POST /auth/login answers the contract shape and GET /auth/me the same user', async () => {
    const res = await admin.post('/auth/login', { username: 'admin', password: 'OdontoCare2026!' });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ['access_token', 'expires_in', 'token_type', 'user']);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.expires_in, 3600);
    assert.deepEqual(res.body.user, { id_user: 1, username: 'admin', rol: 'admin' });
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const me = await admin.get('/auth/me', res.body.access_token);
    assert.deepEqual(me.body, res.body.user);
  });

  it('users: create (admin/secretaria only), list, read one; never a password or hash', async () => {
    const created = await admin.post('/admin/usuario', { username: 'Recepcion.Uno', password: 'Clave2026segura', rol: 'secretaria' }, token);
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, { id_user: created.body.id_user, username: 'recepcion.uno', rol: 'secretaria', activo: true });
    const one = await admin.get(`/admin/usuario/${created.body.id_user}`, token);
    assert.deepEqual(one.body, created.body);
    const list = await admin.get('/admin/usuario?rol=secretaria', token);
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((u: { id_user: number }) => u.id_user === created.body.id_user));
    assert.ok(list.body.items.every((u: { rol: string }) => u.rol === 'secretaria'));
    assert.doesNotMatch(JSON.stringify([created.body, one.body, list.body]), /password|hash|argon/i);
    assert.equal((await admin.get('/admin/usuario/9999', token)).status, 404);
    const medico = await admin.post('/admin/usuario', { username: 'no.medico', password: 'Clave2026segura', rol: 'medico' }, token);
    assert.equal(medico.status, 422);
  });

  it('doctors: create with its medico user, read, filter, patch, deactivate', async () => {
    const body = { nombre: 'Ana García', especialidad: 'Ortodoncia', username: 'dra.garcia', password: 'Sonrisa2026' };
    const created = await admin.post('/admin/doctores', body, token);
    assert.equal(created.status, 201);
    const d = created.body;
    assert.deepEqual(d, { id_doctor: d.id_doctor, id_user: d.id_user, nombre: 'Ana García', especialidad: 'Ortodoncia', activo: true });
    assert.equal((await admin.get(`/admin/usuario/${d.id_user}`, token)).body.rol, 'medico');
    const medicoToken = await admin.login('dra.garcia', 'Sonrisa2026');
    assert.equal((await admin.get('/auth/me', medicoToken)).body.id_doctor, d.id_doctor);

    await admin.post('/admin/doctores', { nombre: 'José Martín', especialidad: 'Endodoncia', username: 'dr.martin', password: 'Sonrisa2026' }, token);
    const byName = await admin.get('/admin/doctores?q=GARCIA', token);
    assert.deepEqual(byName.body.items.map((x: { id_doctor: number }) => x.id_doctor), [d.id_doctor]);
    const bySpecialty = await admin.get('/admin/doctores?especialidad=endodoncia&page=1&page_size=1', token);
    assert.deepEqual({ n: bySpecialty.body.items.length, total: bySpecialty.body.total, page_size: bySpecialty.body.page_size }, { n: 1, total: 1, page_size: 1 });
    assert.deepEqual((await admin.get(`/admin/doctores/${d.id_doctor}`, medicoToken)).body, d);

    const patched = await admin.request('PATCH', `/admin/doctores/${d.id_doctor}`, { especialidad: 'Periodoncia' }, token);
    assert.deepEqual(patched.body, { ...d, especialidad: 'Periodoncia' });
    const deleted = await admin.request('DELETE', `/admin/doctores/${d.id_doctor}`, undefined, token);
    assert.deepEqual({ status: deleted.status, body: deleted.body }, { status: 200, body: { ...d, especialidad: 'Periodoncia', activo: false } });
    assert.equal((await admin.get(`/admin/doctores/${d.id_doctor}`, token)).body.activo, false, 'never erased');
    assert.deepEqual((await admin.get('/admin/doctores?activo=true', token)).body.items.map((x: { nombre: string }) => x.nombre), ['José Martín']);
    assert.equal((await admin.get('/admin/doctores/4242', token)).status, 404);
  });

  it('patients: create (estado defaults to ACTIVO, phone normalised), read, filter, patch, deactivate', async () => {
    const created = await admin.post('/admin/pacientes', { nombre: 'Luis Pérez', telefono: '612 345 678', username: 'luis.perez', password: 'Muela2026x' }, token);
    assert.equal(created.status, 201);
    const p = created.body;
    assert.deepEqual(p, { id_paciente: p.id_paciente, id_user: p.id_user, nombre: 'Luis Pérez', telefono: '+34612345678', estado: 'ACTIVO' });
    const inactive = await admin.post('/admin/pacientes', { nombre: 'Eva Núñez', telefono: '+34 911 222 333', estado: 'INACTIVO', username: 'eva.n', password: 'Muela2026x' }, token);
    assert.equal(inactive.body.estado, 'INACTIVO');
    assert.deepEqual((await admin.get('/admin/pacientes?estado=INACTIVO', token)).body.items.map((x: { nombre: string }) => x.nombre), ['Eva Núñez']);
    assert.deepEqual((await admin.get('/admin/pacientes?q=perez', token)).body.items.map((x: { nombre: string }) => x.nombre), ['Luis Pérez']);
    assert.deepEqual((await admin.get(`/admin/pacientes/${p.id_paciente}`, token)).body, p);
    const patched = await admin.request('PATCH', `/admin/pacientes/${p.id_paciente}`, { telefono: '+34600000001' }, token);
    assert.equal(patched.body.telefono, '+34600000001');
    const deleted = await admin.request('DELETE', `/admin/pacientes/${p.id_paciente}`, undefined, token);
    assert.equal(deleted.body.estado, 'INACTIVO');
    assert.equal((await admin.post('/auth/login', { username: 'luis.perez', password: 'Muela2026x' })).status, 401);
  });

  it('patients by phone: the digits asked, contained in the phone, ignoring separators and +34/0034; with q, estado, pages; a PATCHed phone is found', async () => {
    const add = async (nombre: string, telefono: string, estado = 'ACTIVO') =>
      (await admin.post('/admin/pacientes', { nombre, telefono, estado, username: `tel.${Math.random().toString(36).slice(2, 10)}`, password: 'Muela2026x' }, token)).body
        .id_paciente as number;
    const marta = await add('Marta Llamada', '+34 655 44 33 22');
    const mario = await add('Mario Llamada', '655 44 33 29');
    const olga = await add('Olga Llamada', '655.44.33.20', 'INACTIVO');
    const ids = async (query: string) => {
      const res = await admin.get(`/admin/pacientes?${query}`, token);
      assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
      return res.body.items.map((x: { id_paciente: number }) => x.id_paciente);
    };
    const phone = (t: string) => `telefono=${encodeURIComponent(t)}`;
    for (const asked of ['655443322', '+34 655 44 33 22', '0034-655-44-33-22', '(655) 44 33 22', '3322']) assert.deepEqual(await ids(phone(asked)), [marta], asked);
    assert.deepEqual(await ids(phone('655 44 33 2')), [marta, mario, olga]);
    assert.deepEqual(await ids(`${phone('655 44 33 2')}&estado=ACTIVO`), [marta, mario]);
    assert.deepEqual(await ids(`${phone('655 44 33 2')}&q=mario`), [mario]);
    const second = await admin.get(`/admin/pacientes?${phone('6554433')}&estado=ACTIVO&page=2&page_size=1`, token);
    assert.deepEqual({ items: second.body.items.map((x: { id_paciente: number }) => x.id_paciente), total: second.body.total, page: second.body.page }, { items: [mario], total: 2, page: 2 });
    assert.equal((await admin.request('PATCH', `/admin/pacientes/${mario}`, { telefono: '699 00 11 22' }, token)).status, 200);
    assert.deepEqual(await ids(phone('699001122')), [mario]);
    assert.deepEqual(await ids(phone('3329')), []);
    const doc = await admin.get('/openapi.json');
    const param = doc.body.paths['/admin/pacientes'].get.parameters.find((x: { name: string }) => x.name === 'telefono');
    assert.match(param?.description ?? '', /cifras/, 'the OpenAPI document describes the telefono filter');
  });

  it('several patients at once by their accounts (id_user=12,15,31) or their ids (id_paciente=4,9,12): one read names a page of accounts or of citas; a list that is not ids is 400', async () => {
    const add = async (nombre: string) =>
      (await admin.post('/admin/pacientes', { nombre, telefono: '600 11 22 33', username: `cuenta.${Math.random().toString(36).slice(2, 10)}`, password: 'Muela2026x' }, token))
        .body as { id_paciente: number; id_user: number };
    const [ana, bea] = [await add('Ana Cuenta'), await add('Bea Cuenta'), await add('Carla Cuenta')];
    for (const key of ['id_user', 'id_paciente'] as const) {
      const res = await admin.get(`/admin/pacientes?${key}=${bea[key]},${ana[key]},999999&page_size=100`, token);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.items.map((x: { id_paciente: number }) => x.id_paciente), [ana.id_paciente, bea.id_paciente], key);
      for (const asked of ['', 'a', '1,,2', '0', '1,-2', Array.from({ length: 101 }, (_, i) => i + 1).join(',')]) {
        const bad = await admin.get(`/admin/pacientes?${key}=${encodeURIComponent(asked)}`, token);
        assert.deepEqual([bad.status, bad.body.code], [400, 'PARAMETRO_INVALIDO'], `${key}=${asked}`);
      }
    }
  });

  it('centers: create, read, filter, patch, deactivate', async () => {
    const created = await admin.post('/admin/centros', { nombre: 'Clínica Sol', direccion: 'Calle Mayor 1, Madrid' }, token);
    assert.equal(created.status, 201);
    const c = created.body;
    assert.deepEqual(c, { id_centro: c.id_centro, nombre: 'Clínica Sol', direccion: 'Calle Mayor 1, Madrid', activo: true });
    assert.deepEqual((await admin.get(`/admin/centros/${c.id_centro}`, token)).body, c);
    assert.equal((await admin.get('/admin/centros?q=clinica', token)).body.total, 1);
    const patched = await admin.request('PATCH', `/admin/centros/${c.id_centro}`, { direccion: 'Gran Vía 2' }, token);
    assert.equal(patched.body.direccion, 'Gran Vía 2');
    assert.equal((await admin.request('DELETE', `/admin/centros/${c.id_centro}`, undefined, token)).body.activo, false);
    assert.equal((await admin.get('/admin/centros?activo=false', token)).body.total, 1);
  });

  it('PATCH with an empty body or a credential field is 422', async () => {
    const c = (await admin.post('/admin/centros', { nombre: 'Norte', direccion: 'Av. Norte 3' }, token)).body;
    assert.equal((await admin.request('PATCH', `/admin/centros/${c.id_centro}`, {}, token)).status, 422);
    assert.equal((await admin.request('PATCH', `/admin/centros/${c.id_centro}`, undefined, token)).status, 422);
    const d = (await admin.post('/admin/doctores', { nombre: 'Eva Gil', especialidad: 'Implantes', username: 'dra.gil', password: 'Sonrisa2026' }, token)).body;
    const withPassword = await admin.request('PATCH', `/admin/doctores/${d.id_doctor}`, { password: 'Nueva2026x' }, token);
    assert.equal(withPassword.status, 422);
    assert.deepEqual(withPassword.body.errors, [{ path: 'password', message: 'Campo desconocido.' }]);
  });

  it('the four /lote routes: one result per item, each judged like the single create', async () => {
    const centers = await admin.post('/admin/centros/lote', { items: [{ nombre: 'Este', direccion: 'C/ Este 1' }, { nombre: ' ', direccion: 'x' }, { nombre: 'Oeste' }] }, token);
    assert.equal(centers.status, 200);
    assert.deepEqual({ created: centers.body.created, failed: centers.body.failed }, { created: 1, failed: 2 });
    assert.deepEqual(centers.body.results.map((r: { index: number; status: number }) => [r.index, r.status]), [[0, 201], [1, 422], [2, 422]]);
    assert.equal((await admin.get(`/admin/centros/${centers.body.results[0].id}`, token)).body.nombre, 'Este');
    assert.deepEqual(centers.body.results[2].error.errors.map((e: { path: string }) => e.path), ['direccion']);
    assert.equal(centers.body.results[2].error.code, 'VALIDACION');

    const users = await admin.post('/admin/usuario/lote', { items: [{ username: 'lote.u1', password: 'Clave2026segura', rol: 'admin' }, { username: 'LOTE.U1', password: 'Clave2026segura', rol: 'admin' }] }, token);
    assert.deepEqual(users.body.results.map((r: { status: number }) => r.status), [201, 409]);
    assert.equal(users.body.results[1].error.code, 'USUARIO_DUPLICADO');
    assert.equal(typeof users.body.results[1].error.detail, 'string');

    const doctors = await admin.post('/admin/doctores/lote', { items: [{ nombre: 'Lote Doc', especialidad: 'Ortodoncia', username: 'lote.doc', password: 'Sonrisa2026' }, { nombre: 'Sin Clave', especialidad: 'Ortodoncia', username: 'lote.doc2', password: 'corta' }, 'no soy un objeto'] }, token);
    assert.deepEqual(doctors.body.results.map((r: { status: number }) => r.status), [201, 422, 422]);

    const patients = await admin.post('/admin/pacientes/lote', { items: [{ nombre: 'Lote Pac', telefono: '612000111', username: 'lote.pac', password: 'Muela2026x' }, { nombre: 'Mal Tel', telefono: '12', username: 'lote.pac2', password: 'Muela2026x' }] }, token);
    assert.deepEqual({ created: patients.body.created, statuses: patients.body.results.map((r: { status: number }) => r.status) }, { created: 1, statuses: [201, 422] });
    assert.equal(patients.body.results[1].error.errors[0].path, 'telefono');
    assert.equal((await admin.post('/auth/login', { username: 'lote.pac2', password: 'Muela2026x' })).status, 401, 'the failed item left no user');

    assert.equal((await admin.post('/admin/centros/lote', { items: [] }, token)).status, 422);
    const tooMany = Array.from({ length: 1001 }, () => ({ nombre: 'x', direccion: 'y' }));
    assert.equal((await admin.post('/admin/centros/lote', { items: tooMany }, token)).status, 422);
  });

  it('serves health, readiness (database ping), OpenAPI and the docs page', async () => {
    assert.deepEqual((await admin.get('/health')).body, { status: 'ok' });
    const ready = await admin.get('/ready');
    assert.deepEqual({ status: ready.status, db: ready.body.checks.database }, { status: 200, db: 'ok' });
    const doc = await admin.get('/openapi.json');
    for (const path of ['/auth/login', '/admin/doctores/{id}', '/admin/pacientes/lote', '/.well-known/jwks.json']) assert.ok(doc.body.paths[path], path);
    assert.ok(doc.body.components.schemas.CreateDoctorRequest);
    const docs = await fetch(`${admin.url}/docs/`);
    assert.equal(docs.status, 200);
  });
});
