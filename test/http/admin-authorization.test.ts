import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adminRoutes, type AdminHttpDeps } from '../../adapters/http/admin/admin-routes';
import { startTestAdmin, type TestAdmin } from '../support/admin';

type Who = 'none' | 'paciente' | 'medico' | 'secretaria' | 'admin';

interface Fixture {
  ownPatient: number;
  otherPatient: number;
  doctor: number;
  center: number;
  user: number;
  extraUser: number;
  /** A secretaria whose password the admin resets (nobody here uses her token). */
  resetUser: number;
}

interface Row {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The declared route (express syntax), to prove the table covers every route. */
  route: string;
  path: (f: Fixture) => string;
  body?: () => unknown;
  /** For rows that end the session or the password they are sent with: a token of that role other than the table's own. */
  token?: (who: Who) => Promise<string | undefined>;
  expect: Record<Who, number>;
}

let n = 0;
const unique = (p: string) => `${p}.${++n}`;
const ANYONE = { none: 401, paciente: 200, medico: 200, secretaria: 200, admin: 200 };
const ADMIN_ONLY = (ok: number) => ({ none: 401, paciente: 403, medico: 403, secretaria: 403, admin: ok });

/**
 * Who may call what: one row per route, one expected status per caller.
 * Roles run in the order none, paciente, medico, secretaria, admin, so an
 * admin's write happens after everyone else was refused.
 */
const TABLE: Row[] = [
  { method: 'GET', route: '/auth/me', path: () => '/auth/me', expect: ANYONE },
  { method: 'POST', route: '/auth/logout', path: () => '/auth/logout', token: (who) => fresh.session(who), expect: { ...ANYONE, admin: 204, secretaria: 204, medico: 204, paciente: 204 } },
  {
    method: 'POST',
    route: '/auth/password',
    path: () => '/auth/password',
    token: (who) => fresh.account(who),
    body: () => ({ password_actual: FRESH_PASSWORD, password_nueva: 'Tabla-Nueva-2027' }),
    expect: { none: 401, paciente: 204, medico: 204, secretaria: 204, admin: 204 },
  },
  { method: 'POST', route: '/admin/usuario/:id/password', path: (f) => `/admin/usuario/${f.resetUser}/password`, body: () => ({ password_nueva: 'Tabla-Nueva-2027' }), expect: ADMIN_ONLY(204) },
  { method: 'GET', route: '/.well-known/jwks.json', path: () => '/.well-known/jwks.json', expect: { ...ANYONE, none: 200 } },
  { method: 'POST', route: '/admin/usuario', path: () => '/admin/usuario', body: () => ({ username: unique('u'), password: 'Clave2026segura', rol: 'secretaria' }), expect: ADMIN_ONLY(201) },
  { method: 'POST', route: '/admin/usuario/lote', path: () => '/admin/usuario/lote', body: () => ({ items: [{ username: unique('u'), password: 'Clave2026segura', rol: 'admin' }] }), expect: ADMIN_ONLY(200) },
  { method: 'GET', route: '/admin/usuario', path: () => '/admin/usuario', expect: ADMIN_ONLY(200) },
  { method: 'GET', route: '/admin/usuario/:id', path: (f) => `/admin/usuario/${f.user}`, expect: ADMIN_ONLY(200) },
  { method: 'PATCH', route: '/admin/usuario/:id', path: (f) => `/admin/usuario/${f.extraUser}`, body: () => ({ activo: true }), expect: ADMIN_ONLY(200) },
  { method: 'DELETE', route: '/admin/usuario/:id', path: (f) => `/admin/usuario/${f.extraUser}`, expect: ADMIN_ONLY(200) },
  { method: 'POST', route: '/admin/doctores', path: () => '/admin/doctores', body: () => ({ nombre: 'Doc', especialidad: 'Ortodoncia', username: unique('d'), password: 'Sonrisa2026' }), expect: ADMIN_ONLY(201) },
  { method: 'POST', route: '/admin/doctores/lote', path: () => '/admin/doctores/lote', body: () => ({ items: [{ nombre: 'Doc', especialidad: 'Ortodoncia', username: unique('d'), password: 'Sonrisa2026' }] }), expect: ADMIN_ONLY(200) },
  { method: 'GET', route: '/admin/doctores', path: () => '/admin/doctores', expect: ANYONE },
  { method: 'GET', route: '/admin/doctores/:id', path: (f) => `/admin/doctores/${f.doctor}`, expect: ANYONE },
  { method: 'PATCH', route: '/admin/doctores/:id', path: (f) => `/admin/doctores/${f.doctor}`, body: () => ({ nombre: 'Otro Nombre' }), expect: ADMIN_ONLY(200) },
  { method: 'DELETE', route: '/admin/doctores/:id', path: (f) => `/admin/doctores/${f.doctor}`, expect: ADMIN_ONLY(200) },
  { method: 'POST', route: '/admin/pacientes', path: () => '/admin/pacientes', body: () => ({ nombre: 'Pac', telefono: '612345678', username: unique('p'), password: 'Muela2026x' }), expect: ADMIN_ONLY(201) },
  { method: 'POST', route: '/admin/pacientes/lote', path: () => '/admin/pacientes/lote', body: () => ({ items: [{ nombre: 'Pac', telefono: '612345678', username: unique('p'), password: 'Muela2026x' }] }), expect: ADMIN_ONLY(200) },
  { method: 'GET', route: '/admin/pacientes', path: () => '/admin/pacientes', expect: { ...ANYONE, paciente: 403 } },
  { method: 'GET', route: '/admin/pacientes/:id', path: (f) => `/admin/pacientes/${f.ownPatient}`, expect: ANYONE },
  // another patient's record: 404 for a paciente, as if it did not exist
  { method: 'GET', route: '/admin/pacientes/:id', path: (f) => `/admin/pacientes/${f.otherPatient}`, expect: { ...ANYONE, paciente: 404 } },
  { method: 'PATCH', route: '/admin/pacientes/:id', path: (f) => `/admin/pacientes/${f.otherPatient}`, body: () => ({ nombre: 'Otro' }), expect: ADMIN_ONLY(200) },
  { method: 'DELETE', route: '/admin/pacientes/:id', path: (f) => `/admin/pacientes/${f.otherPatient}`, expect: ADMIN_ONLY(200) },
  { method: 'POST', route: '/admin/centros', path: () => '/admin/centros', body: () => ({ nombre: 'Centro', direccion: 'Calle 1' }), expect: ADMIN_ONLY(201) },
  { method: 'POST', route: '/admin/centros/lote', path: () => '/admin/centros/lote', body: () => ({ items: [{ nombre: 'Centro', direccion: 'Calle 1' }] }), expect: ADMIN_ONLY(200) },
  { method: 'GET', route: '/admin/centros', path: () => '/admin/centros', expect: ANYONE },
  { method: 'GET', route: '/admin/centros/:id', path: (f) => `/admin/centros/${f.center}`, expect: ANYONE },
  { method: 'GET', route: '/admin/directorio', path: (f) => `/admin/directorio?id_doctor=${f.doctor}&id_centro=${f.center}&id_paciente=${f.otherPatient}`, expect: ANYONE },
  { method: 'PATCH', route: '/admin/centros/:id', path: (f) => `/admin/centros/${f.center}`, body: () => ({ direccion: 'Calle 2' }), expect: ADMIN_ONLY(200) },
  { method: 'DELETE', route: '/admin/centros/:id', path: (f) => `/admin/centros/${f.center}`, expect: ADMIN_ONLY(200) },
];

const PUBLIC_ROUTES = ['POST /auth/login'];

const FRESH_PASSWORD = 'Tabla-Cuenta-2026';
/** Disposable tokens for the rows that end them (filled in `before`). */
const fresh = {
  session: async (_who: Who): Promise<string | undefined> => undefined,
  account: async (_who: Who): Promise<string | undefined> => undefined,
};

describe('admin authorization (role x route)', () => {
  let admin: TestAdmin;
  let fixture: Fixture;
  const tokens: Partial<Record<Who, string>> = {};

  before(async () => {
    admin = await startTestAdmin();
    const t = await admin.adminToken();
    const secre = await admin.post('/admin/usuario', { username: 'secre.tabla', password: 'Clave2026segura', rol: 'secretaria' }, t);
    const extra = await admin.post('/admin/usuario', { username: 'secre.extra', password: 'Clave2026segura', rol: 'secretaria' }, t);
    await admin.post('/admin/doctores', { nombre: 'Médico Tabla', especialidad: 'General', username: 'medico.tabla', password: 'Sonrisa2026' }, t);
    const own = await admin.post('/admin/pacientes', { nombre: 'Paciente Tabla', telefono: '600111222', username: 'paciente.tabla', password: 'Muela2026x' }, t);
    const other = await admin.post('/admin/pacientes', { nombre: 'Otro Paciente', telefono: '600111223', username: 'paciente.otro', password: 'Muela2026x' }, t);
    const target = await admin.post('/admin/doctores', { nombre: 'Doctor Objetivo', especialidad: 'General', username: 'doctor.objetivo', password: 'Sonrisa2026' }, t);
    const center = await admin.post('/admin/centros', { nombre: 'Centro Tabla', direccion: 'Calle Tabla 1' }, t);
    const reset = await admin.post('/admin/usuario', { username: 'secre.olvido', password: 'Clave2026segura', rol: 'secretaria' }, t);
    fixture = {
      ownPatient: own.body.id_paciente,
      otherPatient: other.body.id_paciente,
      doctor: target.body.id_doctor,
      center: center.body.id_centro,
      user: secre.body.id_user,
      extraUser: extra.body.id_user,
      resetUser: reset.body.id_user,
    };
    const credentials: Record<Exclude<Who, 'none'>, [string, string]> = {
      admin: [admin.config.bootstrap.username, admin.config.bootstrap.password],
      secretaria: ['secre.tabla', 'Clave2026segura'],
      medico: ['medico.tabla', 'Sonrisa2026'],
      paciente: ['paciente.tabla', 'Muela2026x'],
    };
    fresh.session = async (who) => (who === 'none' ? undefined : admin.login(...credentials[who]));
    fresh.account = async (who) => {
      if (who === 'none') return undefined;
      const username = unique(`nueva.${who}`);
      const created =
        who === 'medico'
          ? await admin.post('/admin/doctores', { nombre: 'Doc Nueva', especialidad: 'General', username, password: FRESH_PASSWORD }, t)
          : who === 'paciente'
            ? await admin.post('/admin/pacientes', { nombre: 'Pac Nueva', telefono: '600111224', username, password: FRESH_PASSWORD }, t)
            : await admin.post('/admin/usuario', { username, password: FRESH_PASSWORD, rol: who }, t);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return admin.login(username, FRESH_PASSWORD);
    };
    tokens.admin = t;
    tokens.secretaria = await admin.login('secre.tabla', 'Clave2026segura');
    tokens.medico = await admin.login('medico.tabla', 'Sonrisa2026');
    tokens.paciente = await admin.login('paciente.tabla', 'Muela2026x');
  });
  after(() => admin.close());

  it('covers every declared admin route', () => {
    const declared = adminRoutes({} as AdminHttpDeps).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    const covered = new Set([...TABLE.map((r) => `${r.method} ${r.route}`), ...PUBLIC_ROUTES]);
    assert.deepEqual(declared.filter((r) => !covered.has(r)), []);
  });

  for (const row of TABLE) {
    it(`${row.method} ${row.route} -> ${JSON.stringify(row.expect)}`, async () => {
      const got: Record<string, number> = {};
      for (const who of ['none', 'paciente', 'medico', 'secretaria', 'admin'] as const) {
        const token = row.token ? await row.token(who) : tokens[who];
        const res = await admin.request(row.method, row.path(fixture), row.body?.(), token);
        got[who] = res.status;
        if (res.status >= 400) assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      }
      assert.deepEqual(got, row.expect);
    });
  }
});
