/**
 * THE authorization matrix of OdontoCare: one row per (route, situation),
 * one expected status per role. authorization-matrix.test.ts runs every row
 * for every role against both real services, checks that every route the
 * apps mount has at least one row (deny by default: a new route fails the
 * suite until someone writes down who may call it), and sends every forged
 * token to every authenticated route.
 *
 * The actors: `admin` (bootstrap), `secretaria`, `medico` (doctor "own"),
 * `paciente` (patient "own"). "other" records belong to a second doctor and
 * a second patient, so object-level rules (a patient or doctor reaching
 * someone else's record by id, by list or by filter) are rows like any other.
 *
 * Statuses follow the contract: 403 role not allowed, 404 a record the
 * caller may not see (indistinguishable from a missing one), 409 a state
 * conflict once past the permission checks.
 */
import type { Rol } from '../../core/domain/roles';

export type Actor = Rol;
export const ACTORS: readonly Actor[] = ['paciente', 'medico', 'secretaria', 'admin'];
export type Service = 'admin' | 'citas';

export interface Req {
  path: string;
  body?: unknown;
  /** A token of the actor's role other than the actor's own: for rows that end the session or change the password they send it with. */
  token?: string;
}

/** Fixtures the rows ask for; built once by the test, through the public APIs. */
export interface World {
  ids: {
    /** The doctor linked to the `medico` actor, and another doctor. */
    ownDoctor: number;
    otherDoctor: number;
    /** A doctor used only for schedule writes, so schedules never constrain the booking rows. */
    scheduleDoctor: number;
    /** The patient linked to the `paciente` actor, and another patient. */
    ownPatient: number;
    otherPatient: number;
    center: number;
    /** A user who is none of the actors (the other patient's account). */
    otherUser: number;
    /** A cita of own patient with own doctor; one of the other patient with the other doctor. */
    ownCita: number;
    otherCita: number;
    /** Each actor's own user id. */
    user: Record<Actor, number>;
  };
  ownDoctorNombre: string;
  otherPatientNombre: string;
  especialidad: string;
  /** Credentials any row may log in with (the secretaria's). */
  login: { username: string; password: string };
  /** A future clinic day (AAAA-MM-DD) and a fresh free slot in it (or later) each call. */
  day: string;
  slot(): string;
  /** A distinct far-future day per call, for absences that must not hit a booking. */
  absenceDay(): string;
  unique(prefix: string): string;
  fresh: {
    /** A new secretaria account (its user id). */
    user(): Promise<number>;
    /** A second session (a new login) of the actor itself. */
    session(actor: Actor): Promise<string>;
    /** A new account of the actor's role, logged in, with its password. */
    account(actor: Actor): Promise<{ token: string; password: string }>;
    doctor(): Promise<number>;
    patient(): Promise<number>;
    center(): Promise<number>;
    /** A new Programada cita: own = own patient with own doctor; other = other patient with other doctor. */
    cita(whose: 'own' | 'other'): Promise<number>;
    absence(whose: 'own' | 'other'): Promise<number>;
  };
}

export interface Row {
  service: Service;
  /** "METHOD /express/path", exactly as mounted. */
  route: string;
  /** What this row checks when a route has several rows. */
  label?: string;
  /** Public routes ignore the Authorization header: forged tokens get the normal answer. */
  public?: true;
  request(w: World, actor: Actor): Req | Promise<Req>;
  expect: Record<Actor, number>;
  /** Extra assertion on a 2xx body: scoping, never someone else's data. */
  check?(body: any, w: World, actor: Actor): void;
}

const all = (status: number): Record<Actor, number> => ({ admin: status, secretaria: status, medico: status, paciente: status });
const adminOnly = (ok: number): Record<Actor, number> => ({ admin: ok, secretaria: 403, medico: 403, paciente: 403 });
const PASSWORD = 'Matriz-2026-ok';

function assertEvery(items: any[], pred: (x: any) => boolean, what: string): void {
  const bad = items.filter((x) => !pred(x));
  if (bad.length > 0) throw new Error(`${what}: ${JSON.stringify(bad.slice(0, 3))}`);
}
function assertSome(items: any[], pred: (x: any) => boolean, what: string): void {
  if (!items.some(pred)) throw new Error(`${what}: ninguno en ${JSON.stringify(items.slice(0, 3))}`);
}

/** Lists of citas: doctors and patients see theirs only; staff see everyone's. */
function citaScope(body: any, w: World, actor: Actor): void {
  const items: any[] = body.items;
  if (actor === 'medico') assertEvery(items, (c) => c.id_doctor === w.ids.ownDoctor, 'un médico vio citas de otro médico');
  if (actor === 'paciente') assertEvery(items, (c) => c.id_paciente === w.ids.ownPatient, 'un paciente vio citas de otro paciente');
}

const infra = (service: Service): Row[] =>
  ['GET /health', 'GET /ready', 'GET /openapi.json', 'GET /metrics'].map((route) => ({
    service,
    route,
    public: true as const,
    request: () => ({ path: route.split(' ')[1] }),
    expect: all(200),
  }));

export const MATRIX: Row[] = [
  // ------------------------------------------------------------------ admin
  ...infra('admin'),
  { service: 'admin', route: 'POST /auth/login', public: true, request: (w) => ({ path: '/auth/login', body: w.login }), expect: all(200) },
  { service: 'admin', route: 'GET /.well-known/jwks.json', public: true, request: () => ({ path: '/.well-known/jwks.json' }), expect: all(200) },
  {
    service: 'admin',
    route: 'POST /auth/logout',
    label: 'una segunda sesión del que llama',
    request: async (w, actor) => ({ path: '/auth/logout', token: await w.fresh.session(actor) }),
    expect: all(204),
  },
  {
    service: 'admin',
    route: 'POST /auth/password',
    label: 'la propia contraseña, en una cuenta nueva de ese rol',
    request: async (w, actor) => {
      const account = await w.fresh.account(actor);
      return { path: '/auth/password', token: account.token, body: { password_actual: account.password, password_nueva: 'Matriz-Nueva-2027' } };
    },
    expect: all(204),
  },
  {
    service: 'admin',
    route: 'POST /admin/usuario/:id/password',
    request: async (w) => ({ path: `/admin/usuario/${await w.fresh.user()}/password`, body: { password_nueva: 'Matriz-Nueva-2027' } }),
    expect: adminOnly(204),
  },
  {
    service: 'admin',
    route: 'GET /auth/me',
    request: () => ({ path: '/auth/me' }),
    expect: all(200),
    check: (b, w, actor) => {
      if (b.id_user !== w.ids.user[actor] || b.rol !== actor) throw new Error(`/auth/me no describe al que llama: ${JSON.stringify(b)}`);
    },
  },

  // users: admin only, every route
  {
    service: 'admin',
    route: 'POST /admin/usuario/lote',
    request: (w) => ({ path: '/admin/usuario/lote', body: { items: [{ username: w.unique('lote.u'), password: PASSWORD, rol: 'secretaria' }] } }),
    expect: adminOnly(200),
  },
  {
    service: 'admin',
    route: 'POST /admin/usuario',
    label: 'crear un admin',
    request: (w) => ({ path: '/admin/usuario', body: { username: w.unique('nuevo.admin'), password: PASSWORD, rol: 'admin' } }),
    expect: adminOnly(201),
  },
  { service: 'admin', route: 'GET /admin/usuario', request: () => ({ path: '/admin/usuario' }), expect: adminOnly(200) },
  { service: 'admin', route: 'GET /admin/usuario/:id', label: 'usuario ajeno', request: (w) => ({ path: `/admin/usuario/${w.ids.otherUser}` }), expect: adminOnly(200) },
  {
    service: 'admin',
    route: 'GET /admin/usuario/:id',
    label: 'el propio usuario',
    request: (w, actor) => ({ path: `/admin/usuario/${w.ids.user[actor]}` }),
    expect: adminOnly(200),
  },
  {
    service: 'admin',
    route: 'PATCH /admin/usuario/:id',
    label: 'reactivar una cuenta',
    request: async (w) => ({ path: `/admin/usuario/${await w.fresh.user()}`, body: { activo: true } }),
    expect: adminOnly(200),
  },
  {
    service: 'admin',
    route: 'PATCH /admin/usuario/:id',
    label: 'activar la cuenta de otro paciente',
    request: (w) => ({ path: `/admin/usuario/${w.ids.otherUser}`, body: { activo: true } }),
    expect: { admin: 422, secretaria: 403, medico: 403, paciente: 403 },
  },
  { service: 'admin', route: 'DELETE /admin/usuario/:id', request: async (w) => ({ path: `/admin/usuario/${await w.fresh.user()}` }), expect: adminOnly(200) },
  {
    service: 'admin',
    route: 'DELETE /admin/usuario/:id',
    label: 'darse de baja a sí mismo',
    request: (w, actor) => ({ path: `/admin/usuario/${w.ids.user[actor]}` }),
    expect: { admin: 422, secretaria: 403, medico: 403, paciente: 403 },
  },

  // doctors: readable by everyone, written by admin
  {
    service: 'admin',
    route: 'POST /admin/doctores/lote',
    request: (w) => ({ path: '/admin/doctores/lote', body: { items: [{ nombre: 'Dr. Lote', especialidad: 'Lote', username: w.unique('lote.d'), password: PASSWORD }] } }),
    expect: adminOnly(200),
  },
  {
    service: 'admin',
    route: 'POST /admin/doctores',
    request: (w) => ({ path: '/admin/doctores', body: { nombre: 'Dra. Nueva', especialidad: 'Matriz', username: w.unique('nueva.d'), password: PASSWORD } }),
    expect: adminOnly(201),
  },
  { service: 'admin', route: 'GET /admin/doctores', request: () => ({ path: '/admin/doctores' }), expect: all(200) },
  { service: 'admin', route: 'GET /admin/doctores/:id', request: (w) => ({ path: `/admin/doctores/${w.ids.otherDoctor}` }), expect: all(200) },
  {
    service: 'admin',
    route: 'PATCH /admin/doctores/:id',
    label: 'la ficha del propio médico (sin cambiar nada)',
    request: (w) => ({ path: `/admin/doctores/${w.ids.ownDoctor}`, body: { nombre: w.ownDoctorNombre } }),
    expect: adminOnly(200),
  },
  {
    service: 'admin',
    route: 'PATCH /admin/doctores/:id',
    label: 'intentar reactivarse / activar',
    request: async (w) => ({ path: `/admin/doctores/${await w.fresh.doctor()}`, body: { activo: true } }),
    expect: adminOnly(200),
  },
  { service: 'admin', route: 'DELETE /admin/doctores/:id', request: async (w) => ({ path: `/admin/doctores/${await w.fresh.doctor()}` }), expect: adminOnly(200) },

  // patients: admin writes; admin, secretaria, medico read any; a patient only their own record
  {
    service: 'admin',
    route: 'POST /admin/pacientes/lote',
    request: (w) => ({ path: '/admin/pacientes/lote', body: { items: [{ nombre: 'Paciente Lote', telefono: '600000001', username: w.unique('lote.p'), password: PASSWORD }] } }),
    expect: adminOnly(200),
  },
  {
    service: 'admin',
    route: 'POST /admin/pacientes',
    request: (w) => ({ path: '/admin/pacientes', body: { nombre: 'Paciente Nuevo', telefono: '600000002', username: w.unique('nuevo.p'), password: PASSWORD } }),
    expect: adminOnly(201),
  },
  {
    service: 'admin',
    route: 'GET /admin/pacientes',
    request: () => ({ path: '/admin/pacientes' }),
    expect: { admin: 200, secretaria: 200, medico: 200, paciente: 403 },
  },
  {
    service: 'admin',
    route: 'GET /admin/pacientes',
    label: 'filtro por el nombre de otro paciente',
    request: (w) => ({ path: `/admin/pacientes?q=${encodeURIComponent(w.otherPatientNombre)}` }),
    expect: { admin: 200, secretaria: 200, medico: 200, paciente: 403 },
  },
  {
    service: 'admin',
    route: 'GET /admin/pacientes',
    label: 'filtro por teléfono',
    request: () => ({ path: `/admin/pacientes?telefono=${encodeURIComponent('+34 600 123 456')}` }),
    expect: { admin: 200, secretaria: 200, medico: 200, paciente: 403 },
  },
  {
    service: 'admin',
    route: 'GET /admin/pacientes/:id',
    label: 'la ficha propia',
    request: (w) => ({ path: `/admin/pacientes/${w.ids.ownPatient}` }),
    expect: all(200),
  },
  {
    service: 'admin',
    route: 'GET /admin/pacientes/:id',
    label: 'la ficha de otro paciente',
    request: (w) => ({ path: `/admin/pacientes/${w.ids.otherPatient}` }),
    expect: { admin: 200, secretaria: 200, medico: 200, paciente: 404 },
  },
  {
    service: 'admin',
    route: 'PATCH /admin/pacientes/:id',
    label: 'la ficha propia (sin cambiar nada)',
    request: (w) => ({ path: `/admin/pacientes/${w.ids.ownPatient}`, body: { estado: 'ACTIVO' } }),
    expect: adminOnly(200),
  },
  { service: 'admin', route: 'DELETE /admin/pacientes/:id', request: async (w) => ({ path: `/admin/pacientes/${await w.fresh.patient()}` }), expect: adminOnly(200) },

  // centers: readable by everyone, written by admin
  {
    service: 'admin',
    route: 'POST /admin/centros/lote',
    request: () => ({ path: '/admin/centros/lote', body: { items: [{ nombre: 'Centro Lote', direccion: 'Calle 1' }] } }),
    expect: adminOnly(200),
  },
  { service: 'admin', route: 'POST /admin/centros', request: () => ({ path: '/admin/centros', body: { nombre: 'Centro Nuevo', direccion: 'Calle 2' } }), expect: adminOnly(201) },
  { service: 'admin', route: 'GET /admin/centros', request: () => ({ path: '/admin/centros' }), expect: all(200) },
  { service: 'admin', route: 'GET /admin/centros/:id', request: (w) => ({ path: `/admin/centros/${w.ids.center}` }), expect: all(200) },
  {
    service: 'admin',
    route: 'PATCH /admin/centros/:id',
    request: async (w) => ({ path: `/admin/centros/${await w.fresh.center()}`, body: { direccion: 'Calle 3' } }),
    expect: adminOnly(200),
  },
  { service: 'admin', route: 'DELETE /admin/centros/:id', request: async (w) => ({ path: `/admin/centros/${await w.fresh.center()}` }), expect: adminOnly(200) },

  // the directory in one question (citas asks it once per booking): each record under its own route's rule
  {
    service: 'admin',
    route: 'GET /admin/directorio',
    label: 'doctor, centro y la ficha propia',
    request: (w) => ({ path: `/admin/directorio?id_doctor=${w.ids.otherDoctor}&id_centro=${w.ids.center}&id_paciente=${w.ids.ownPatient}` }),
    expect: all(200),
    check: (b, w) => {
      if (b.doctor?.id_doctor !== w.ids.otherDoctor || b.centro?.id_centro !== w.ids.center || b.paciente?.id_paciente !== w.ids.ownPatient) {
        throw new Error(`el directorio no responde lo pedido: ${JSON.stringify(b)}`);
      }
    },
  },
  {
    service: 'admin',
    route: 'GET /admin/directorio',
    label: 'la ficha de otro paciente (para un paciente: null, como si no existiera)',
    request: (w) => ({ path: `/admin/directorio?id_paciente=${w.ids.otherPatient}` }),
    expect: all(200),
    check: (b, w, actor) => {
      if (actor === 'paciente' ? b.paciente !== null : b.paciente?.id_paciente !== w.ids.otherPatient) {
        throw new Error(`el directorio muestra u oculta mal la ficha de otro paciente: ${JSON.stringify(b)}`);
      }
    },
  },

  // ------------------------------------------------------------------ citas
  ...infra('citas'),
  {
    service: 'citas',
    route: 'POST /citas',
    label: 'para el propio paciente',
    request: (w) => ({
      path: '/citas',
      body: { fecha: w.slot(), motivo: 'Revisión', id_paciente: w.ids.ownPatient, id_doctor: w.ids.ownDoctor, id_centro: w.ids.center },
    }),
    expect: { admin: 201, secretaria: 403, medico: 403, paciente: 201 },
  },
  {
    service: 'citas',
    route: 'POST /citas',
    label: 'para otro paciente',
    request: (w) => ({
      path: '/citas',
      body: { fecha: w.slot(), motivo: 'Revisión', id_paciente: w.ids.otherPatient, id_doctor: w.ids.otherDoctor, id_centro: w.ids.center },
    }),
    expect: { admin: 201, secretaria: 403, medico: 403, paciente: 403 },
  },
  {
    service: 'citas',
    route: 'GET /citas',
    label: 'sin filtros (médico y paciente: solo las suyas)',
    request: () => ({ path: '/citas?page_size=100' }),
    expect: all(200),
    check: (b, w, actor) => {
      citaScope(b, w, actor);
      if (actor === 'admin' || actor === 'secretaria') assertSome(b.items, (c) => c.id_cita === w.ids.otherCita, 'el personal no ve todas las citas');
      else assertSome(b.items, (c) => c.id_cita === w.ids.ownCita, 'no ve su propia cita');
    },
  },
  {
    service: 'citas',
    route: 'GET /citas',
    label: 'filtro id_paciente = otro paciente',
    request: (w) => ({ path: `/citas?page_size=100&id_paciente=${w.ids.otherPatient}` }),
    expect: { admin: 200, secretaria: 200, medico: 200, paciente: 403 },
    check: citaScope,
  },
  {
    service: 'citas',
    route: 'GET /citas',
    label: 'filtro id_doctor = otro médico',
    request: (w) => ({ path: `/citas?page_size=100&id_doctor=${w.ids.otherDoctor}` }),
    expect: { admin: 200, secretaria: 200, medico: 403, paciente: 200 },
    check: citaScope,
  },
  { service: 'citas', route: 'GET /citas/:id', label: 'cita propia', request: (w) => ({ path: `/citas/${w.ids.ownCita}` }), expect: all(200) },
  {
    service: 'citas',
    route: 'GET /citas/:id',
    label: 'cita ajena',
    request: (w) => ({ path: `/citas/${w.ids.otherCita}` }),
    expect: { admin: 200, secretaria: 200, medico: 404, paciente: 404 },
  },
  {
    service: 'citas',
    route: 'PUT /citas/:id',
    label: 'cancelar una cita propia',
    request: async (w) => ({ path: `/citas/${await w.fresh.cita('own')}`, body: { estado: 'Cancelada' } }),
    expect: { admin: 200, secretaria: 200, medico: 403, paciente: 200 },
  },
  {
    service: 'citas',
    route: 'PUT /citas/:id',
    label: 'cancelar una cita ajena',
    request: async (w) => ({ path: `/citas/${await w.fresh.cita('other')}`, body: { estado: 'Cancelada' } }),
    expect: { admin: 200, secretaria: 200, medico: 404, paciente: 404 },
  },
  {
    service: 'citas',
    route: 'PUT /citas/:id',
    label: 'confirmar una cita propia',
    request: async (w) => ({ path: `/citas/${await w.fresh.cita('own')}`, body: { estado: 'Confirmada' } }),
    expect: { admin: 200, secretaria: 200, medico: 403, paciente: 200 },
  },
  {
    service: 'citas',
    route: 'PUT /citas/:id',
    label: 'confirmar una cita ajena',
    request: async (w) => ({ path: `/citas/${await w.fresh.cita('other')}`, body: { estado: 'Confirmada' } }),
    expect: { admin: 200, secretaria: 200, medico: 404, paciente: 404 },
  },
  {
    service: 'citas',
    route: 'PUT /citas/:id',
    label: 'marcar Atendida una cita propia que no ha empezado (permiso sí, estado no)',
    request: async (w) => ({ path: `/citas/${await w.fresh.cita('own')}`, body: { estado: 'Atendida' } }),
    expect: { admin: 409, secretaria: 409, medico: 409, paciente: 403 },
  },
  {
    service: 'citas',
    route: 'PUT /citas/:id',
    label: 'marcar NoAsistio una cita ajena',
    request: async (w) => ({ path: `/citas/${await w.fresh.cita('other')}`, body: { estado: 'NoAsistio' } }),
    expect: { admin: 409, secretaria: 409, medico: 404, paciente: 404 },
  },
  {
    service: 'citas',
    route: 'PUT /citas/:id',
    label: 'reprogramar una cita propia',
    request: async (w) => ({ path: `/citas/${await w.fresh.cita('own')}`, body: { fecha: w.slot() } }),
    expect: { admin: 200, secretaria: 200, medico: 403, paciente: 200 },
  },
  {
    service: 'citas',
    route: 'PUT /citas/:id',
    label: 'reprogramar una cita ajena',
    request: async (w) => ({ path: `/citas/${await w.fresh.cita('other')}`, body: { fecha: w.slot() } }),
    expect: { admin: 200, secretaria: 200, medico: 404, paciente: 404 },
  },
  {
    service: 'citas',
    route: 'PUT /citas/:id',
    label: 'pasar la cita propia a otro paciente no es un campo admitido',
    request: async (w) => ({ path: `/citas/${await w.fresh.cita('own')}`, body: { id_paciente: w.ids.otherPatient } }),
    expect: all(422),
  },
  {
    service: 'citas',
    route: 'DELETE /citas/:id',
    label: 'cita propia',
    request: async (w) => ({ path: `/citas/${await w.fresh.cita('own')}` }),
    expect: { admin: 200, secretaria: 200, medico: 403, paciente: 200 },
  },
  {
    service: 'citas',
    route: 'DELETE /citas/:id',
    label: 'cita ajena',
    request: async (w) => ({ path: `/citas/${await w.fresh.cita('other')}` }),
    expect: { admin: 200, secretaria: 200, medico: 403, paciente: 404 },
  },
  { service: 'citas', route: 'GET /citas/:id/historial', label: 'cita propia', request: (w) => ({ path: `/citas/${w.ids.ownCita}/historial` }), expect: all(200) },
  {
    service: 'citas',
    route: 'GET /citas/:id/historial',
    label: 'cita ajena',
    request: (w) => ({ path: `/citas/${w.ids.otherCita}/historial` }),
    expect: { admin: 200, secretaria: 200, medico: 404, paciente: 404 },
  },
  {
    service: 'citas',
    route: 'GET /citas/disponibilidad',
    request: (w) => ({ path: `/citas/disponibilidad?id_doctor=${w.ids.otherDoctor}&fecha=${w.day}` }),
    expect: all(200),
    check: (b) => {
      // Availability shows when a doctor is busy, never with whom.
      if (/id_paciente|motivo/.test(JSON.stringify(b))) throw new Error(`la disponibilidad revela datos de citas: ${JSON.stringify(b).slice(0, 300)}`);
    },
  },
  {
    service: 'citas',
    route: 'GET /citas/disponibilidad/proximos',
    request: (w) => ({ path: `/citas/disponibilidad/proximos?especialidad=${encodeURIComponent(w.especialidad)}&desde=${w.day}` }),
    expect: all(200),
    check: (b) => {
      if (/id_paciente|motivo/.test(JSON.stringify(b))) throw new Error(`los huecos revelan datos de citas: ${JSON.stringify(b).slice(0, 300)}`);
    },
  },
  {
    service: 'citas',
    route: 'PUT /agenda/:id_doctor/horario',
    request: (w) => ({
      path: `/agenda/${w.ids.scheduleDoctor}/horario`,
      body: { id_centro: w.ids.center, franjas: [{ dia: 1, desde: '09:00', hasta: '14:00' }] },
    }),
    expect: { admin: 200, secretaria: 200, medico: 403, paciente: 403 },
  },
  {
    service: 'citas',
    route: 'PUT /agenda/:id_doctor/horario',
    label: 'el médico su propio horario',
    request: (w) => ({ path: `/agenda/${w.ids.ownDoctor}/horario`, body: { id_centro: w.ids.center, franjas: [] } }),
    expect: { admin: 200, secretaria: 200, medico: 403, paciente: 403 },
  },
  { service: 'citas', route: 'GET /agenda/:id_doctor/horario', request: (w) => ({ path: `/agenda/${w.ids.otherDoctor}/horario` }), expect: all(200) },
  {
    service: 'citas',
    route: 'POST /agenda/:id_doctor/ausencias',
    label: 'del propio médico',
    request: (w) => ({ path: `/agenda/${w.ids.ownDoctor}/ausencias`, body: { desde: w.absenceDay(), hasta: w.absenceDay() } }),
    expect: { admin: 201, secretaria: 201, medico: 201, paciente: 403 },
  },
  {
    service: 'citas',
    route: 'POST /agenda/:id_doctor/ausencias',
    label: 'de otro médico',
    request: (w) => ({ path: `/agenda/${w.ids.otherDoctor}/ausencias`, body: { desde: w.absenceDay(), hasta: w.absenceDay() } }),
    expect: { admin: 201, secretaria: 201, medico: 403, paciente: 403 },
  },
  { service: 'citas', route: 'GET /agenda/:id_doctor/ausencias', request: (w) => ({ path: `/agenda/${w.ids.otherDoctor}/ausencias` }), expect: all(200) },
  {
    service: 'citas',
    route: 'GET /agenda/:id_doctor/ausencias/:id',
    request: async (w) => ({ path: `/agenda/${w.ids.otherDoctor}/ausencias/${await w.fresh.absence('other')}` }),
    expect: all(200),
  },
  {
    service: 'citas',
    route: 'DELETE /agenda/:id_doctor/ausencias/:id',
    label: 'del propio médico',
    request: async (w) => ({ path: `/agenda/${w.ids.ownDoctor}/ausencias/${await w.fresh.absence('own')}` }),
    expect: { admin: 204, secretaria: 204, medico: 204, paciente: 403 },
  },
  {
    service: 'citas',
    route: 'DELETE /agenda/:id_doctor/ausencias/:id',
    label: 'de otro médico',
    request: async (w) => ({ path: `/agenda/${w.ids.otherDoctor}/ausencias/${await w.fresh.absence('other')}` }),
    expect: { admin: 204, secretaria: 204, medico: 403, paciente: 403 },
  },
  {
    service: 'citas',
    route: 'DELETE /agenda/:id_doctor/ausencias/:id',
    label: 'la ausencia de otro médico bajo el id del propio (IDOR)',
    request: async (w) => ({ path: `/agenda/${w.ids.ownDoctor}/ausencias/${await w.fresh.absence('other')}` }),
    expect: { admin: 404, secretaria: 404, medico: 404, paciente: 403 },
  },
];

export const rowKey = (r: Row) => `${r.service} ${r.route}`;
