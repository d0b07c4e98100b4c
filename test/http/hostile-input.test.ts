import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { adminRouteInventory, citasRouteInventory } from '../support/route-inventory';
import { FixedClock } from '../fakes/fixed-clock';
import { type ApiResponse, type HttpClient, httpClient, startTestSystem, type TestSystem } from '../support/citas';
import { firstMondayNextYear } from '../support/clinic-days';

/**
 * Hostile input, property-based: random and malicious bodies, query strings
 * and path ids against EVERY write and list route of both services (the
 * route lists are read from the apps, and a route without a fuzz target
 * fails the suite). Whatever arrives:
 *   - never a 5xx;
 *   - every 4xx is application/problem+json with the contract's shape and
 *     no stack trace, SQL or driver name in it;
 *   - a rejected request leaves both SQLite databases byte-for-byte as they
 *     were (read through a read-only connection), and a GET never writes.
 * Runs are bounded (FUZZ_RUNS, default below) so the file stays well under a
 * minute; fast-check prints the seed and the shrunk input of any failure.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
type Service = 'admin' | 'citas';

// ---------------------------------------------------------------- generators

const NASTY_STRINGS = [
  "' OR '1'='1",
  "1; DROP TABLE citas;--",
  "') UNION SELECT password_hash FROM users --",
  '%',
  '_',
  '\\',
  '\u0000',
  'a\u0000b',
  '\u202Eevil\u202C',
  'مرحبا بالعالم',
  '😀🦷'.repeat(40),
  'x'.repeat(5000),
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '2026-02-30T10:00:00',
  '2027-03-28T02:30:00',
  '2027-03-01T25:00:00',
  '2027-03-01',
  '25:00',
  '24:00',
  '-1',
  '0',
  '1e3',
  '0x10',
  '9007199254740993',
  '1e309',
  'NaN',
  'Infinity',
  'null',
  'true',
  '[]',
  '{}',
  ' ',
  '',
  '__proto__',
  'constructor',
  'ACTIVO',
  'Cancelada',
  'admin',
];
const SUSPICIOUS_KEYS = ['rol', 'id_user', 'id_paciente', 'id_doctor', 'activo', 'estado', '__proto__', 'constructor', 'prototype', 'password_hash', 'id', 'sort', 'order', 'orderBy', '$where', ''];

const hostileString = fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1, 1.5, -0, 2 ** 53, 2 ** 53 + 2, 1e308, -1e308, Number.MAX_SAFE_INTEGER),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const hostileKey = fc.oneof(fc.constantFrom(...SUSPICIOUS_KEYS), fc.string({ maxLength: 12 }));
const { value: hostileValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
  ),
}));

/** How one request's body is spoiled, starting from a valid body of that route. */
type Spoil =
  | { op: 'replace'; value: unknown }
  | { op: 'set'; key: string; value: unknown }
  | { op: 'drop'; index: number }
  | { op: 'raw'; text: string }
  | { op: 'proto'; key: '__proto__' | 'constructor'; value: unknown };

const spoilArb: fc.Arbitrary<Spoil> = fc.oneof(
  hostileValue.map((value) => ({ op: 'replace' as const, value })),
  fc.record({ key: hostileKey, value: hostileValue }).map((s) => ({ op: 'set' as const, ...s })),
  fc.nat(10).map((index) => ({ op: 'drop' as const, index })),
  fc.string({ maxLength: 60 }).map((text) => ({ op: 'raw' as const, text })),
  fc.record({ key: fc.constantFrom('__proto__' as const, 'constructor' as const), value: hostileValue }).map((s) => ({ op: 'proto' as const, ...s })),
);

/** The JSON text to send, and whether the spoil added a field the route does not declare. */
function spoiled(seed: Record<string, unknown>, fields: readonly string[], s: Spoil): { text: string; unknownField: boolean } {
  switch (s.op) {
    case 'replace':
      return { text: JSON.stringify(s.value) ?? 'null', unknownField: false };
    case 'set': {
      const body = { ...seed };
      Object.defineProperty(body, s.key, { value: s.value, enumerable: true, configurable: true, writable: true });
      return { text: JSON.stringify(body), unknownField: !fields.includes(s.key) };
    }
    case 'drop': {
      const keys = Object.keys(seed);
      const body = { ...seed };
      if (keys.length) delete body[keys[s.index % keys.length]];
      return { text: JSON.stringify(body), unknownField: false };
    }
    case 'raw':
      return { text: s.text, unknownField: false };
    case 'proto': {
      // Written by hand: JSON.stringify would never emit a __proto__ key from an object literal.
      const base = JSON.stringify(seed);
      const extra = `"${s.key}":${JSON.stringify(s.value) ?? 'null'}`;
      return { text: base === '{}' ? `{${extra}}` : `${base.slice(0, -1)},${extra}}`, unknownField: true };
    }
  }
}

const pathSegment = fc
  .oneof(
    fc.constantFrom('-1', '0', '1.5', '1e3', '0x10', '9007199254740993', '99999999999999999999999', 'abc', '%00', "1'%20OR%20'1'%3D'1", '..%2F..%2Fetc', '%F0%9F%A6%B7', 'NaN', 'Infinity', '%20', '1%00'),
    fc.string({ minLength: 1, maxLength: 10 }).map(encodeURIComponent),
    fc.integer().map(String),
  )
  .filter((segment) => !/^(\.|%2e){1,2}$/i.test(segment));
// (an empty segment is the collection's own URL, not an id: not generated; nor are '.' and '..', plain or
// as %2E: they are dot-segments, which every WHATWG URL client removes before sending, so /admin/usuario/.
// reaches the server as GET /admin/usuario, a list. The suite failed on that about one run in twenty.)

const queryArb = (keys: readonly string[]) =>
  fc.array(fc.tuple(keys.length ? fc.oneof(fc.constantFrom(...keys), hostileKey) : hostileKey, hostileString), { maxLength: 5 }).map((pairs) =>
    pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
  );

// ---------------------------------------------------------------- checks

const LEAK = /\bat [\w.<>]+ \(|node_modules|SQLITE_|sqlite|SELECT\s|INSERT\s|UPDATE\s.+SET|stack|ZodError|TypeError|RangeError|ReferenceError/i;

function answerProblems(res: ApiResponse, where: string): string[] {
  const out: string[] = [];
  if (res.status >= 500) out.push(`${where}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  if (res.status >= 400) {
    const type = res.headers.get('content-type') ?? '';
    const b = res.body;
    if (!type.startsWith('application/problem+json')) out.push(`${where}: ${res.status} con content-type "${type}"`);
    else if (
      !b ||
      typeof b.type !== 'string' ||
      typeof b.title !== 'string' ||
      typeof b.detail !== 'string' ||
      typeof b.code !== 'string' ||
      b.status !== res.status ||
      !Array.isArray(b.errors) ||
      !b.errors.every((e: any) => typeof e?.path === 'string' && typeof e?.message === 'string')
    ) {
      out.push(`${where}: problem JSON sin la forma del contrato: ${JSON.stringify(b).slice(0, 300)}`);
    } else if (LEAK.test(b.detail) || LEAK.test(b.title)) {
      out.push(`${where}: el detalle filtra internos: ${b.detail.slice(0, 200)}`);
    }
  }
  return out;
}

/** A fingerprint of every row of every table, through a read-only connection. */
function dbFingerprint(file: string): { take(): string; close(): void } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  return {
    take() {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
      const hash = createHash('sha256');
      for (const t of tables) hash.update(t).update(JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).raw().all()));
      return hash.digest('hex');
    },
    close: () => db.close(),
  };
}

// ---------------------------------------------------------------- the suite

/**
 * Who sends: the admin, a patient, or a throwaway secretaria for the routes
 * that end the session or change the password they are sent with (a spoil
 * that happens to be valid must not cut the suite's own tokens).
 */
type Caller = 'admin' | 'paciente' | 'desechable' | 'saliente';

interface WriteTarget {
  service: Service;
  route: string;
  /** Concrete path (params filled with real ids). */
  path(): string;
  /** A valid body (fresh each call, e.g. a new username); {} for routes without body. */
  seed(): Record<string, unknown>;
  /** Fields the route declares: setting anything else must be refused. */
  fields: readonly string[];
  as?: Caller;
}

interface ReadTarget {
  service: Service;
  route: string;
  path(): string;
  /** Query keys the route declares. */
  keys: readonly string[];
  /** The answer is a page {items,page,page_size,total}. */
  page: boolean;
}

describe('hostile input: random and malicious requests to every write and list route', () => {
  let sys: TestSystem;
  const clients = {} as Record<Service, HttpClient>;
  const token = {} as Record<Caller, string>;
  let dbs: { admin: ReturnType<typeof dbFingerprint>; citas: ReturnType<typeof dbFingerprint> };
  let writes: WriteTarget[];
  let reads: ReadTarget[];
  let ownPatientId = 0;
  let n = 0;
  const uniq = (p: string) => `${p}${++n}x${process.pid}`;
  const snapshot = () => `${dbs.admin.take()}:${dbs.citas.take()}`;

  /** Sends, checks the answer, and that a refusal (or any GET) changed nothing. */
  async function attempt(service: Service, method: string, path: string, text: string | undefined, as: Caller = 'admin', contentType = 'application/json', extra: Record<string, string> = {}) {
    const beforeState = snapshot();
    const headers: Record<string, string> = text === undefined ? { ...extra } : { 'content-type': contentType, ...extra };
    const res = await clients[service].request(method, path, text, token[as], headers);
    const where = `${service} ${method} ${path} ${text === undefined ? '' : text.slice(0, 200)}`;
    const problems = answerProblems(res, where);
    if ((res.status >= 400 || method === 'GET') && snapshot() !== beforeState) problems.push(`${where}: ${res.status} pero la base de datos cambió`);
    return { res, problems, where };
  }

  before(async () => {
    // Citas on a fixed clock: the bookings below are in its next year, the absences before them.
    const clock = new FixedClock();
    sys = await startTestSystem({ citasEnv: { MAX_CITAS_FUTURAS: '1000' }, citasOverrides: { clock } });
    clients.admin = httpClient(sys.admin.url);
    clients.citas = sys.citas;
    token.admin = sys.adminToken;
    const userIdOf = async (account: { token(): Promise<string> }) => (await clients.admin.get('/auth/me', await account.token())).body.id_user as number;
    const [patchUser, deleteUser] = await Promise.all([sys.createSecretaria().then(userIdOf), sys.createSecretaria().then(userIdOf)]);
    const [doctor, patchDoctor, deleteDoctor, scheduleDoctor, patient, patchPatient, deletePatient, center, patchCenter, deleteCenter] = await Promise.all([
      sys.createDoctor({ especialidad: 'Periodoncia' }),
      sys.createDoctor(),
      sys.createDoctor(),
      sys.createDoctor(),
      sys.createPatient(),
      sys.createPatient(),
      sys.createPatient(),
      sys.createCenter(),
      sys.createCenter(),
      sys.createCenter(),
    ]);
    token.paciente = await patient.token();
    const [throwaway, leaving] = [await sys.createSecretaria(), await sys.createSecretaria()];
    [token.desechable, token.saliente] = [await throwaway.token(), await leaving.token()];
    let minute = 0;
    const slot = () => {
      // Weekdays, 09:00-13:55 clinic time, a year ahead; each call a new 5-minute start.
      const d = new Date(`${firstMondayNextYear(clock.now(), 3)}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + Math.floor(minute / 60));
      while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
      const m = 9 * 60 + (minute++ % 60) * 5;
      return `${d.toISOString().slice(0, 10)}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`;
    };
    const book = async () => {
      const res = await sys.citas.post('/citas', { fecha: slot(), motivo: 'Diana', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id, duracion_min: 5 }, token.admin);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id_cita as number;
    };
    const [putCita, deleteCita] = [await book(), await book()];
    const otherPatient = await sys.createPatient();
    const otherCita = await sys.citas.post('/citas', { fecha: slot(), motivo: 'Ajena', id_paciente: otherPatient.id, id_doctor: doctor.id, id_centro: center.id, duracion_min: 5 }, token.admin);
    assert.equal(otherCita.status, 201);
    ownPatientId = patient.id;
    const absence = await sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde: firstMondayNextYear(clock.now(), 1), hasta: firstMondayNextYear(clock.now(), 1) }, token.admin);
    assert.equal(absence.status, 201);
    const readAbsence = await sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde: `${firstMondayNextYear(clock.now(), 2)}T17:00:00`, hasta: `${firstMondayNextYear(clock.now(), 2)}T18:00:00` }, token.admin);
    assert.equal(readAbsence.status, 201);
    dbs = { admin: dbFingerprint(join(sys.admin.dataDir, 'admin.db')), citas: dbFingerprint(join(sys.citas.dataDir, 'citas.db')) };

    const user = () => ({ username: uniq('fz.u'), password: 'Clave-2026-ok', rol: 'secretaria' });
    const doc = () => ({ nombre: 'Dra. Fuzz', especialidad: 'Fuzz', username: uniq('fz.d'), password: 'Clave-2026-ok' });
    const pac = () => ({ nombre: 'Paciente Fuzz', telefono: '600111222', estado: 'ACTIVO', username: uniq('fz.p'), password: 'Clave-2026-ok' });
    const cen = () => ({ nombre: 'Centro Fuzz', direccion: 'Calle Fuzz 1' });
    const cita = () => ({ fecha: slot(), motivo: 'Fuzz', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id, duracion_min: 5 });
    const w = (service: Service, route: string, path: () => string, seed: () => Record<string, unknown>, as?: Caller): WriteTarget => ({
      service,
      route,
      path,
      seed,
      fields: Object.keys(seed()),
      as,
    });
    const fixed = (p: string) => () => p;
    writes = [
      { ...w('admin', 'POST /auth/login', fixed('/auth/login'), () => ({ username: 'nadie', password: 'no-es-esta-1' })), as: undefined },
      w('admin', 'POST /auth/password', fixed('/auth/password'), () => ({ password_actual: throwaway.password, password_nueva: 'Fuzz-Nueva-2027' }), 'desechable'),
      w('admin', 'POST /auth/logout', fixed('/auth/logout'), () => ({}), 'saliente'),
      w('admin', 'POST /admin/usuario/:id/password', fixed(`/admin/usuario/${patchUser}/password`), () => ({ password_nueva: 'Fuzz-Nueva-2027' })),
      w('admin', 'POST /admin/usuario', fixed('/admin/usuario'), user),
      w('admin', 'POST /admin/usuario/lote', fixed('/admin/usuario/lote'), () => ({ items: [user()] })),
      w('admin', 'PATCH /admin/usuario/:id', fixed(`/admin/usuario/${patchUser}`), () => ({ activo: true })),
      w('admin', 'DELETE /admin/usuario/:id', fixed(`/admin/usuario/${deleteUser}`), () => ({})),
      w('admin', 'POST /admin/doctores', fixed('/admin/doctores'), doc),
      w('admin', 'POST /admin/doctores/lote', fixed('/admin/doctores/lote'), () => ({ items: [doc()] })),
      w('admin', 'PATCH /admin/doctores/:id', fixed(`/admin/doctores/${patchDoctor.id}`), () => ({ nombre: 'Dr. Cambiado', especialidad: 'Fuzz', activo: true })),
      w('admin', 'DELETE /admin/doctores/:id', fixed(`/admin/doctores/${deleteDoctor.id}`), () => ({})),
      w('admin', 'POST /admin/pacientes', fixed('/admin/pacientes'), pac),
      w('admin', 'POST /admin/pacientes/lote', fixed('/admin/pacientes/lote'), () => ({ items: [pac()] })),
      w('admin', 'PATCH /admin/pacientes/:id', fixed(`/admin/pacientes/${patchPatient.id}`), () => ({ nombre: 'Paciente Cambiado', telefono: '611222333', estado: 'ACTIVO' })),
      w('admin', 'DELETE /admin/pacientes/:id', fixed(`/admin/pacientes/${deletePatient.id}`), () => ({})),
      w('admin', 'POST /admin/centros', fixed('/admin/centros'), cen),
      w('admin', 'POST /admin/centros/lote', fixed('/admin/centros/lote'), () => ({ items: [cen()] })),
      w('admin', 'PATCH /admin/centros/:id', fixed(`/admin/centros/${patchCenter.id}`), () => ({ nombre: 'Centro Cambiado', direccion: 'Otra 2', activo: true })),
      w('admin', 'DELETE /admin/centros/:id', fixed(`/admin/centros/${deleteCenter.id}`), () => ({})),
      w('citas', 'POST /citas', fixed('/citas'), cita),
      w('citas', 'POST /citas', fixed('/citas'), cita, 'paciente'),
      w('citas', 'PUT /citas/:id', fixed(`/citas/${putCita}`), () => ({ fecha: slot(), motivo: 'Cambio', duracion_min: 5 })),
      w('citas', 'PUT /citas/:id', fixed(`/citas/${putCita}`), () => ({ estado: 'Cancelada', motivo_cancelacion: 'Fuzz' }), 'paciente'),
      w('citas', 'DELETE /citas/:id', fixed(`/citas/${deleteCita}`), () => ({})),
      w('citas', 'PUT /agenda/:id_doctor/horario', fixed(`/agenda/${scheduleDoctor.id}/horario`), () => ({
        id_centro: center.id,
        franjas: [{ dia: 1, desde: '09:00', hasta: '14:00' }],
        duracion_cita_min: 30,
      })),
      w('citas', 'POST /agenda/:id_doctor/ausencias', fixed(`/agenda/${scheduleDoctor.id}/ausencias`), () => ({ desde: `${firstMondayNextYear(clock.now(), 2)}T09:00:00`, hasta: `${firstMondayNextYear(clock.now(), 2)}T10:00:00`, motivo: 'Fuzz' })),
      w('citas', 'DELETE /agenda/:id_doctor/ausencias/:id', fixed(`/agenda/${doctor.id}/ausencias/${absence.body.id_ausencia}`), () => ({})),
    ];
    const page = ['page', 'page_size'];
    const r = (service: Service, route: string, path: string, keys: string[], isPage = true): ReadTarget => ({ service, route, path: () => path, keys, page: isPage });
    const day = slot().slice(0, 10);
    reads = [
      r('admin', 'GET /admin/usuario', '/admin/usuario', [...page, 'rol']),
      r('admin', 'GET /admin/doctores', '/admin/doctores', [...page, 'q', 'especialidad', 'activo']),
      r('admin', 'GET /admin/pacientes', '/admin/pacientes', [...page, 'q', 'estado']),
      r('admin', 'GET /admin/centros', '/admin/centros', [...page, 'q', 'activo']),
      r('citas', 'GET /citas', '/citas', [...page, 'id_doctor', 'id_centro', 'id_paciente', 'fecha', 'estado']),
      r('citas', 'GET /citas/disponibilidad', `/citas/disponibilidad?id_doctor=${doctor.id}&fecha=${day}`, ['id_doctor', 'fecha', 'id_centro', 'duracion_min'], false),
      r('citas', 'GET /citas/disponibilidad/proximos', `/citas/disponibilidad/proximos?especialidad=Periodoncia&desde=${day}`, ['especialidad', 'desde', 'id_centro', 'limite'], false),
      r('citas', 'GET /agenda/:id_doctor/ausencias', `/agenda/${doctor.id}/ausencias`, [...page, 'desde', 'hasta']),
      r('citas', 'GET /agenda/:id_doctor/horario', `/agenda/${doctor.id}/horario`, [], false),
      r('citas', 'GET /agenda/:id_doctor/ausencias/:id', `/agenda/${doctor.id}/ausencias/${readAbsence.body.id_ausencia}`, [], false),
      r('admin', 'GET /admin/usuario/:id', '/admin/usuario/1', [], false),
      r('admin', 'GET /admin/doctores/:id', `/admin/doctores/${doctor.id}`, [], false),
      r('admin', 'GET /admin/pacientes/:id', `/admin/pacientes/${patient.id}`, [], false),
      r('admin', 'GET /admin/centros/:id', `/admin/centros/${center.id}`, [], false),
      r('admin', 'GET /admin/directorio', `/admin/directorio?id_doctor=${doctor.id}&id_centro=${center.id}&id_paciente=${patient.id}`, ['id_doctor', 'id_centro', 'id_paciente'], false),
      r('citas', 'GET /citas/:id', `/citas/${putCita}`, [], false),
      r('citas', 'GET /citas/:id/historial', `/citas/${putCita}/historial`, [], false),
      r('admin', 'GET /auth/me', '/auth/me', [], false),
    ];
  });
  after(async () => {
    dbs?.admin.close();
    dbs?.citas.close();
    await sys?.close();
  });

  it('every mounted route that takes input has a fuzz target (a new route cannot skip this suite)', () => {
    const covered = new Set([...writes, ...reads].map((t) => `${t.service} ${t.route}`));
    const noInput = new Set(['GET /health', 'GET /ready', 'GET /openapi.json', 'GET /metrics', 'GET /.well-known/jwks.json']);
    const mounted = [...adminRouteInventory().map((r) => ['admin', r]), ...citasRouteInventory().map((r) => ['citas', r])]
      .filter(([, r]) => !noInput.has(r))
      .map(([s, r]) => `${s} ${r}`);
    assert.deepEqual(mounted.filter((r) => !covered.has(r)), []);
  });

  it('routes are exact: an upper-case spelling of any mounted route is a 404 that touches nothing', async () => {
    const problems: string[] = [];
    const mounted = [...adminRouteInventory().map((r) => ['admin', r] as const), ...citasRouteInventory().map((r) => ['citas', r] as const)];
    for (const [service, key] of mounted) {
      const [method, path] = key.split(' ');
      const shouted = path.replace(/:[A-Za-z_]+/g, '1').toUpperCase();
      const { res, problems: p, where } = await attempt(service, method, shouted, method === 'GET' || method === 'DELETE' ? undefined : '{}');
      problems.push(...p);
      if (res.status !== 404) problems.push(`${where}: ${res.status}`);
    }
    assert.deepEqual(problems, []);
  });

  it('SQL and LIKE fragments in filters are data, never code: nothing matches, nothing breaks', async () => {
    const fragments = ["' OR '1'='1", "x' OR 1=1 --", '%', '_', '%%', '\\', "'; DROP TABLE doctors; --", '" OR ""="', '1) OR (1=1'];
    const problems: string[] = [];
    for (const f of fragments) {
      for (const path of [
        `/admin/doctores?q=${encodeURIComponent(f)}`,
        `/admin/doctores?especialidad=${encodeURIComponent(f)}`,
        `/admin/pacientes?q=${encodeURIComponent(f)}`,
        `/admin/centros?q=${encodeURIComponent(f)}`,
      ]) {
        const { res, problems: p, where } = await attempt('admin', 'GET', path, undefined);
        problems.push(...p);
        // No name in this database contains these characters: a match means the fragment was interpreted.
        if (res.status === 200 && res.body.total !== 0) problems.push(`${where}: ${res.body.total} resultados`);
        if (res.status !== 200) problems.push(`${where}: ${res.status}`);
      }
      for (const path of [
        `/admin/pacientes?estado=${encodeURIComponent(`ACTIVO${f}`)}`,
        // The telefono filter takes digits and phone separators only: SQL or a wildcard next to digits is refused, never searched.
        `/admin/pacientes?telefono=${encodeURIComponent(`612${f}`)}`,
        `/citas?estado=${encodeURIComponent(`Programada${f}`)}`,
        `/citas?fecha=${encodeURIComponent(`2027-03-01${f}`)}`,
        `/citas?id_doctor=${encodeURIComponent(`1${f}`)}`,
        `/admin/doctores?sort=${encodeURIComponent(`nombre${f}`)}`,
        `/citas?order_by=${encodeURIComponent(`fecha${f}`)}`,
      ]) {
        const service: Service = path.startsWith('/citas') ? 'citas' : 'admin';
        const { res, problems: p, where } = await attempt(service, 'GET', path, undefined);
        problems.push(...p);
        if (res.status !== 400) problems.push(`${where}: ${res.status}, se esperaba 400`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('well-known hostile bodies: deep nesting, huge arrays and strings, prototype keys, bad dates, ids as strings', async () => {
    const cases: { service: Service; method: string; path: string; text: string; expect: number[] }[] = [];
    const add = (service: Service, method: string, path: string, text: string, expect: number[]) => cases.push({ service, method, path, text, expect });
    const citaBase = writes.find((t) => t.route === 'POST /citas')!.seed();
    const citaWith = (patch: Record<string, unknown>) => JSON.stringify({ ...citaBase, ...patch });
    // nesting deep enough to overflow a recursive parser or validator
    // (a batch judges each item: 200 is right if that item is reported as failed; checked below)
    add('admin', 'POST', '/admin/centros/lote', `{"items":[${'['.repeat(60_000)}${']'.repeat(60_000)}]}`, [200, 400, 413, 422]);
    add('citas', 'POST', '/citas', `{"motivo":${'['.repeat(45_000)}${']'.repeat(45_000)}}`, [400, 413, 422]);
    add('admin', 'POST', '/admin/centros', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, [400, 413, 422]);
    // huge arrays and strings
    add('admin', 'POST', '/admin/centros/lote', JSON.stringify({ items: new Array(150_000).fill(1) }), [413, 422]);
    add('admin', 'POST', '/admin/centros', JSON.stringify({ nombre: 'x'.repeat(90_000), direccion: 'y' }), [422]);
    add('admin', 'POST', '/admin/centros', JSON.stringify({ nombre: 'x'.repeat(200_000), direccion: 'y' }), [413]);
    add('admin', 'POST', '/admin/centros/lote', JSON.stringify({ items: [{ nombre: 'x'.repeat(900_000), direccion: 'y' }] }), [200]);
    add('admin', 'POST', '/admin/centros/lote', JSON.stringify({ items: [{ nombre: 'x'.repeat(2_000_000), direccion: 'y' }] }), [413]);
    add('citas', 'POST', '/citas', citaWith({ motivo: 'm'.repeat(90_000) }), [422]);
    add('citas', 'POST', '/citas', citaWith({ motivo: 'm'.repeat(200_000) }), [413]);
    add('citas', 'PUT', '/agenda/1/horario', JSON.stringify({ id_centro: 1, franjas: new Array(5000).fill({ dia: 1, desde: '09:00', hasta: '10:00' }) }), [413, 422]);
    // prototype keys and smuggled privileges
    add('admin', 'POST', '/admin/usuario', `{"username":"${uniq('proto')}","password":"Clave-2026-ok","rol":"secretaria","__proto__":{"rol":"admin"}}`, [422]);
    add('admin', 'POST', '/admin/centros', '{"nombre":"A","direccion":"B","constructor":{"prototype":{"activo":false}}}', [422]);
    add('admin', 'POST', '/admin/pacientes', JSON.stringify({ ...writes.find((t) => t.route === 'POST /admin/pacientes')!.seed(), id_user: 1 }), [422]);
    add('admin', 'POST', '/admin/doctores', JSON.stringify({ ...writes.find((t) => t.route === 'POST /admin/doctores')!.seed(), rol: 'admin' }), [422]);
    add('citas', 'POST', '/citas', citaWith({ id_user_registrado: 1 }), [422]);
    add('citas', 'POST', '/citas', citaWith({ estado: 'Atendida' }), [422]);
    add('citas', 'POST', '/citas', `${citaWith({}).slice(0, -1)},"__proto__":{"rol":"admin"}}`, [422]);
    // dates that do not exist or are not dates
    for (const fecha of ['2027-02-30T10:00:00', '2027-03-01T25:00:00', '2027-03-01T10:60:00', '2027-13-01T10:00:00', '2027-03-28T02:30:00', '2027-03-01T10:00:00+25:00', '2027-03-01', '10:00', 'mañana', '', '+275760-09-13T00:00:00Z', '0000-01-01T00:00:00Z']) {
      add('citas', 'POST', '/citas', citaWith({ fecha }), [422]);
    }
    for (const fecha of ['2026-02-30', '2026-13-01', '20260101', "2026-01-01' OR '1'='1"]) {
      cases.push({ service: 'citas', method: 'GET', path: `/citas?fecha=${encodeURIComponent(fecha)}`, text: '', expect: [400] });
      cases.push({ service: 'citas', method: 'GET', path: `/citas/disponibilidad?id_doctor=1&fecha=${encodeURIComponent(fecha)}`, text: '', expect: [400] });
    }
    add('citas', 'PUT', '/agenda/1/horario', JSON.stringify({ id_centro: 1, franjas: [{ dia: 1, desde: '25:00', hasta: '26:00' }] }), [422]);
    add('citas', 'PUT', '/agenda/1/horario', JSON.stringify({ id_centro: 1, franjas: [{ dia: 8, desde: '09:00', hasta: '10:00' }] }), [422]);
    add('citas', 'PUT', '/agenda/1/horario', JSON.stringify({ id_centro: 1, franjas: [{ dia: 1, desde: '14:00', hasta: '09:00' }] }), [422]);
    add('citas', 'POST', '/agenda/1/ausencias', JSON.stringify({ desde: '2027-02-30', hasta: '2027-03-01' }), [422]);
    // numbers as strings, and ids that are not positive safe integers
    for (const id of ['1', -1, 0, 1.5, 2 ** 53, 1e308, null, true, [1], { $gt: 0 }]) {
      add('citas', 'POST', '/citas', citaWith({ id_doctor: id }), [422]);
    }
    add('citas', 'POST', '/citas', citaWith({ duracion_min: '30' }), [422]);
    add('citas', 'POST', '/citas', citaWith({ duracion_min: 7 }), [422]);
    add('admin', 'PATCH', '/admin/doctores/1', JSON.stringify({ activo: 'false' }), [422]);
    // not JSON, or JSON that is not an object
    for (const text of ['null', '[]', '"texto"', '42', 'true', '{"a":1', '{"a":1}{"b":2}', '\u0000', '{"nombre":"\ud800"}']) add('admin', 'POST', '/admin/centros', text, [400, 422]);

    const problems: string[] = [];
    for (const c of cases) {
      const { res, problems: p, where } = await attempt(c.service, c.method, c.path, c.method === 'GET' ? undefined : c.text);
      problems.push(...p);
      if (res.status === 200 && c.path.endsWith('/lote') && (res.body.created !== 0 || res.body.failed !== res.body.results.length)) {
        problems.push(`${where.slice(0, 120)}: el lote aceptó un elemento hostil ${JSON.stringify(res.body).slice(0, 200)}`);
      }
      if (!c.expect.includes(res.status)) problems.push(`${where.slice(0, 160)}: ${res.status} ${JSON.stringify(res.body?.code)}, se esperaba ${c.expect.join(' o ')}`);
    }
    assert.deepEqual(problems, []);
    // Nothing above polluted this process's prototypes (both services run in it).
    assert.deepEqual(Object.keys(Object.prototype), []);
    assert.equal(({} as Record<string, unknown>).rol, undefined);
  });

  it('bodies that are not declared as JSON are 415, whatever they contain', async () => {
    const problems: string[] = [];
    const body = JSON.stringify({ nombre: 'Centro', direccion: 'Calle' });
    for (const type of ['text/plain', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', '']) {
      const { res, problems: p, where } = await attempt('admin', 'POST', '/admin/centros', body, 'admin', type);
      problems.push(...p);
      // (a JSON charset body-parser can decode, like UTF-16, is read as such: these UTF-8 bytes then are malformed JSON, 400)
      const allowed = type.includes('charset=utf-16') ? [400, 415] : [415];
      if (!allowed.includes(res.status)) problems.push(`${where} (${type || 'sin content-type'}): ${res.status}`);
    }
    assert.deepEqual(problems, []);
  });

  it('a body that is not what its Content-Encoding says (not gzip, deflate or br data) is a 400 problem on every service, not a 500', async () => {
    const problems: string[] = [];
    const centro = JSON.stringify({ nombre: 'Centro', direccion: 'Calle' });
    const login = JSON.stringify({ username: 'nadie', password: 'no-es-esta-1' });
    for (const encoding of ['gzip', 'deflate', 'br']) {
      for (const [service, path, body, as] of [
        ['admin', '/admin/centros', centro, 'admin'],
        ['admin', '/auth/login', login, 'admin'],
        ['citas', '/citas', '{"fecha":"2030-01-01T10:00:00"}', 'admin'],
      ] as const) {
        const { res, problems: p, where } = await attempt(service, 'POST', path, body, as, 'application/json', { 'content-encoding': encoding });
        problems.push(...p);
        if (res.status !== 400 || res.body?.code !== 'JSON_MALFORMADO') problems.push(`${where} (Content-Encoding: ${encoding}): ${res.status} ${JSON.stringify(res.body?.code)}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('property: whatever filters a patient sends to GET /citas, the answer holds only their own citas', async () => {
    await fc.assert(
      fc.asyncProperty(queryArb(['page', 'page_size', 'id_doctor', 'id_centro', 'id_paciente', 'fecha', 'estado']), async (query) => {
        const { res, problems, where } = await attempt('citas', 'GET', `/citas?${query}`, undefined, 'paciente');
        if (res.status === 200 && !res.body.items.every((c: { id_paciente: number }) => c.id_paciente === ownPatientId)) {
          problems.push(`${where}: el paciente vio citas ajenas`);
        }
        if (res.status !== 200 && res.status !== 400 && res.status !== 403) problems.push(`${where}: ${res.status}`);
        assert.deepEqual(problems, []);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('unicode, emoji, RTL and NUL in free text are stored and answered exactly as sent (or refused cleanly)', async () => {
    const problems: string[] = [];
    for (const nombre of ['Clínica Ñandú 🦷', '\u202Eacinílc\u202C', 'عيادة الأسنان', 'a\u0000b', '  espacios  ', 'x'.repeat(120), 'Z\u0301\u0327']) {
      const { res, problems: p, where } = await attempt('admin', 'POST', '/admin/centros', JSON.stringify({ nombre, direccion: nombre }));
      problems.push(...p);
      if (res.status === 201) {
        const back = await clients.admin.get(`/admin/centros/${res.body.id_centro}`, token.admin);
        if (back.body.direccion !== res.body.direccion || back.body.nombre !== res.body.nombre) problems.push(`${where}: no se devuelve igual que se guardó`);
      } else if (res.status !== 422) problems.push(`${where}: ${res.status}`);
    }
    assert.deepEqual(problems, []);
  });

  it('property: spoiled bodies on every write route never give a 5xx, always problem JSON, and a refusal changes nothing', async () => {
    for (const target of writes) {
      await fc.assert(
        fc.asyncProperty(spoilArb, async (spoil) => {
          const seed = target.seed();
          const { text, unknownField } = spoiled(seed, target.fields, spoil);
          const method = target.route.split(' ')[0];
          const { res, problems, where } = await attempt(target.service, method, target.path(), text, target.as);
          if (unknownField && res.status < 400) problems.push(`${where}: campo no declarado aceptado (${res.status})`);
          assert.deepEqual(problems, []);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('property: hostile query strings on every list and read route never give a 5xx, answer a well-formed page or a 400, and never write', async () => {
    for (const target of reads) {
      await fc.assert(
        fc.asyncProperty(queryArb(target.keys), async (query) => {
          const base = target.path();
          const path = query ? `${base}${base.includes('?') ? '&' : '?'}${query}` : base;
          const { res, problems, where } = await attempt(target.service, 'GET', path, undefined);
          if (res.status === 200 && target.page) {
            const b = res.body;
            const ok =
              Array.isArray(b.items) &&
              Number.isInteger(b.page) &&
              b.page >= 1 &&
              Number.isInteger(b.page_size) &&
              b.page_size >= 1 &&
              b.page_size <= 100 &&
              Number.isInteger(b.total) &&
              b.items.length <= b.page_size;
            if (!ok) problems.push(`${where}: página mal formada ${JSON.stringify(b).slice(0, 200)}`);
          }
          assert.deepEqual(problems, []);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('property: hostile path ids (negative, zero, huge, hex, text, encoded) on every route with an id are a 4xx and change nothing', async () => {
    const withParams = [...writes.filter((t) => t.route.includes(':')), ...reads.filter((t) => t.route.includes(':'))];
    for (const target of withParams) {
      const method = target.route.split(' ')[0];
      const body = 'seed' in target ? JSON.stringify(target.seed()) : undefined;
      const real = target.path().split('?')[0].split('/');
      const template = target.route.split(' ')[1].split('/');
      const slots = template.map((s, i) => (s.startsWith(':') ? i : -1)).filter((i) => i >= 0);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...slots), pathSegment, async (slot, segment) => {
          const parts = [...real];
          parts[slot] = segment;
          const path = parts.join('/');
          const { res, problems, where } = await attempt(target.service, method, path, method === 'GET' || method === 'DELETE' ? undefined : body, 'as' in target ? target.as : undefined);
          // Only a canonical positive integer may reach a record; anything else is a 400 or a 404.
          if (res.status < 400 && !/^[1-9]\d*$/.test(decodeURIComponent(segment))) problems.push(`${where}: id "${segment}" aceptado (${res.status})`);
          assert.deepEqual(problems, []);
        }),
        { numRuns: RUNS },
      );
    }
  });
});
