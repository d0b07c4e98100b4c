/**
 * npm run docs:endpoints — writes docs/endpoints.md from a REAL run: starts
 * both services in-process on free ports with a temporary DATA_DIR, calls
 * every route of both (success and the main errors) and records exactly what
 * each answered. Ids, dates and texts are fixed, so two runs give the same
 * file; only what cannot be fixed (tokens, key ids, timestamps of "now") is
 * replaced by a placeholder. Routes of the OpenAPI documents that no example
 * exercises are listed at the end, so a new route cannot go undocumented
 * unnoticed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callerPath } from '../adapters/config/caller-path';
import { loadAdminConfig } from '../apps/admin/config';
import { startAdmin } from '../apps/admin/main';
import { loadCitasConfig } from '../apps/citas/config';
import { startCitas } from '../apps/citas/main';
import type { Clock } from '../core/ports/clock';

type Service = 'admin' | 'citas';
type Json = unknown;

/**
 * Both services run on this clock, frozen on Friday 1 March 2030 at 09:00 in
 * Madrid: the examples book the weeks after it, so they are in the future and
 * answer the same whatever day the script runs.
 */
const DOCS_CLOCK: Clock = { now: () => new Date('2030-03-01T08:00:00Z') };

const PUBLIC_URL: Record<Service, string> = { admin: 'http://127.0.0.1:5001', citas: 'http://127.0.0.1:5002' };

interface Example {
  service: Service;
  method: string;
  /** OpenAPI-style template: /admin/doctores/{id} */
  template: string;
  path: string;
  as: string;
  note: string;
  body?: Json;
  rawBody?: string;
  contentType?: string;
  status: number;
  response: Json;
  /** Edge answers shared by every route are shown in their own section. */
  common?: boolean;
}

interface CallOptions {
  as?: string;
  token?: string;
  params?: Record<string, string | number>;
  query?: string;
  body?: Json;
  /** Sent as-is (malformed JSON, text/plain). */
  rawBody?: string;
  contentType?: string;
  note: string;
  /** Fails the run when the service answers anything else: the docs must show what they claim. */
  expect: number;
  common?: boolean;
  /** Setup call: checked but not shown. */
  quiet?: boolean;
}

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** Replaces what differs from run to run (tokens, key material, timestamps of "now"). */
function stable(value: Json, key = ''): Json {
  if (Array.isArray(value)) return value.map((v) => stable(v, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, Json>).map(([k, v]) => [k, stable(v, k)]));
  }
  if (typeof value !== 'string') return value;
  if (JWT.test(value) && value.length > 60) return '<JWT firmado RS256>';
  if (key === 'kid') return '<id de la clave>';
  if (key === 'n' && value.length > 100) return `<módulo RSA en base64url, ${value.length} caracteres>`;
  if (['cuando', 'creada', 'creado', 'registrada', 'timestamp', 'updated_at', 'created_at'].includes(key)) return '<fecha y hora de la petición>';
  return value;
}

class Recorder {
  readonly examples: Example[] = [];

  constructor(private readonly urls: Record<Service, string>) {}

  async call(service: Service, route: string, options: CallOptions): Promise<any> {
    const [method, template] = route.split(' ');
    let path = template;
    for (const [name, value] of Object.entries(options.params ?? {})) path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
    path += options.query ?? '';
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let sent: string | undefined;
    if (options.rawBody !== undefined) {
      sent = options.rawBody;
      headers['content-type'] = options.contentType ?? 'application/json';
    } else if (options.body !== undefined) {
      sent = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${this.urls[service]}${path}`, { method, headers, body: sent });
    const text = await res.text();
    let response: Json = text;
    try {
      response = text ? JSON.parse(text) : null;
    } catch {
      // keep the text
    }
    if (res.status !== options.expect) {
      throw new Error(`${method} ${path} como ${options.as ?? 'anónimo'}: se esperaba ${options.expect} y respondió ${res.status} ${text.slice(0, 400)}`);
    }
    if (options.quiet) return response;
    this.examples.push({
      service,
      method,
      template,
      path,
      as: options.as ?? (options.token ? '?' : 'sin token'),
      note: options.note,
      body: options.body,
      rawBody: options.rawBody,
      contentType: options.contentType,
      status: res.status,
      response,
      common: options.common,
    });
    return response;
  }
}

async function login(rec: Recorder, username: string, password: string, note: string): Promise<string> {
  const answer = await rec.call('admin', 'POST /auth/login', { body: { username, password }, note, expect: 200 });
  return answer.access_token;
}

/** The admin service: directory, accounts, tokens. Returns the ids and tokens the citas part needs. */
async function documentAdmin(rec: Recorder) {
  const A = (route: string, o: CallOptions) => rec.call('admin', route, o);
  await A('GET /health', { note: 'Proceso vivo (sin token).', expect: 200 });
  await A('GET /ready', { note: 'Base de datos accesible (sin token).', expect: 200 });
  await A('GET /.well-known/jwks.json', { note: 'Claves públicas con las que citas verifica los tokens (sin token).', expect: 200 });

  const admin = await login(rec, 'admin', 'OdontoCare2026!', 'El admin inicial (ADMIN_BOOTSTRAP_USERNAME / ADMIN_BOOTSTRAP_PASSWORD).');
  await A('POST /auth/login', { body: { username: 'admin', password: 'contraseña-mala-1' }, note: 'Contraseña incorrecta.', expect: 401 });
  await A('POST /auth/login', { body: { username: 'admin' }, note: 'Falta un campo.', expect: 422 });
  const as = (name: string, token: string) => ({ as: name, token });
  const asAdmin = as('admin', admin);

  await A('GET /auth/me', { ...asAdmin, note: 'El usuario del token.', expect: 200 });
  await A('GET /auth/me', { note: 'Sin token.', expect: 401 });
  await A('GET /auth/me', { as: 'token falsificado', token: 'eyJhbGciOiJSUzI1NiJ9.e30.firma', note: 'Token que no es válido.', expect: 401 });

  // users
  await A('POST /admin/usuario', { ...asAdmin, body: { username: 'lucia.ortega', password: 'Recepcion2026x', rol: 'secretaria' }, note: 'Crea una secretaria.', expect: 201 });
  await A('POST /admin/usuario', { ...asAdmin, body: { username: 'lucia.ortega', password: 'OtraClave2026', rol: 'secretaria' }, note: 'El nombre de usuario ya existe.', expect: 409 });
  await A('POST /admin/usuario', { ...asAdmin, body: { username: 'pablo.vidal', password: 'pablo.vidal1', rol: 'admin' }, note: 'La contraseña contiene el nombre de usuario.', expect: 422 });
  await A('POST /admin/usuario', { ...asAdmin, body: { username: 'pablo.vidal', password: 'Gerencia2026y', rol: 'medico' }, note: 'Los médicos se crean con su ficha (POST /admin/doctores).', expect: 422 });
  const secretaria = await login(rec, 'lucia.ortega', 'Recepcion2026x', 'Una secretaria inicia sesión.');
  const asSecretaria = as('secretaria', secretaria);
  await A('POST /admin/usuario', { ...asSecretaria, body: { username: 'pablo.vidal', password: 'Gerencia2026y', rol: 'admin' }, note: 'Solo un admin crea usuarios.', expect: 403 });
  await A('GET /admin/usuario', { ...asAdmin, query: '?page=1&page_size=2', note: 'Lista paginada.', expect: 200 });
  await A('GET /admin/usuario/{id}', { ...asAdmin, params: { id: 2 }, note: 'Un usuario.', expect: 200 });
  await A('GET /admin/usuario/{id}', { ...asAdmin, params: { id: 999 }, note: 'No existe.', expect: 404 });
  const lote = await A('POST /admin/usuario/lote', {
    ...asAdmin,
    body: { items: [{ username: 'pablo.vidal', password: 'Gerencia2026y', rol: 'admin' }, { username: 'x', password: 'corta', rol: 'secretaria' }] },
    note: 'Carga en lote: cada elemento se juzga como la creación individual.',
    expect: 200,
  });
  const pablo = lote.results[0].id;
  await A('DELETE /admin/usuario/{id}', { ...asAdmin, params: { id: pablo }, note: 'Da de baja la cuenta (no se borra; sus tokens dejan de valer).', expect: 200 });
  await A('PATCH /admin/usuario/{id}', { ...asAdmin, params: { id: pablo }, body: { activo: true }, note: 'La reactiva.', expect: 200 });
  await A('PATCH /admin/usuario/{id}', { ...asAdmin, params: { id: pablo }, body: { password: 'NuevaClave2026' }, note: 'Solo se cambia activo; las credenciales no.', expect: 422 });
  await A('DELETE /admin/usuario/{id}', { ...asAdmin, params: { id: 1 }, note: 'Un admin no se da de baja a sí mismo.', expect: 422 });

  // accounts: passwords and sessions (each ends tokens)
  const quietLogin = async (username: string, password: string) =>
    (await A('POST /auth/login', { body: { username, password }, note: '', expect: 200, quiet: true })).access_token as string;
  await A('POST /admin/usuario/{id}/password', { ...asAdmin, params: { id: pablo }, body: { password_nueva: 'Repuesta-2027' }, note: 'Un admin pone una contraseña nueva (olvidada o filtrada); los tokens de ese usuario dejan de valer.', expect: 204 });
  await A('POST /admin/usuario/{id}/password', { ...asSecretaria, params: { id: pablo }, body: { password_nueva: 'Repuesta-2027' }, note: 'Solo un admin.', expect: 403 });
  const pabloToken = await quietLogin('pablo.vidal', 'Repuesta-2027');
  const asPablo = as('admin (Pablo)', pabloToken);
  await A('POST /auth/password', { ...asPablo, body: { password_actual: 'No-Es-Esta-1', password_nueva: 'Propia-2027-x' }, note: 'La contraseña actual no es esa (cuenta como un intento fallido).', expect: 422 });
  await A('POST /auth/password', { ...asPablo, body: { password_actual: 'Repuesta-2027', password_nueva: 'Propia-2027-x' }, note: 'Cambia su propia contraseña: todos sus tokens anteriores, también este, dejan de valer.', expect: 204 });
  await A('GET /auth/me', { ...asPablo, note: 'Un token de antes del cambio de contraseña.', expect: 401 });
  const pabloAgain = await quietLogin('pablo.vidal', 'Propia-2027-x');
  await A('POST /auth/logout', { ...as('admin (Pablo)', pabloAgain), note: 'Cierra esta sesión: este token deja de valer; las demás sesiones siguen.', expect: 204 });
  await A('GET /auth/me', { ...as('admin (Pablo)', pabloAgain), note: 'Un token después de cerrar su sesión.', expect: 401 });

  // centers
  const chamberi = await A('POST /admin/centros', { ...asAdmin, body: { nombre: 'OdontoCare Chamberí', direccion: 'Calle de Fuencarral, 9, 28010 Madrid' }, note: 'Crea un centro.', expect: 201 });
  await A('POST /admin/centros', { ...asAdmin, body: { nombre: 'OdontoCare Eixample', direccion: "Carrer d'Aragó, 151, 08011 Barcelona" }, note: 'Otro centro.', expect: 201 });
  await A('POST /admin/centros', { ...asAdmin, body: { nombre: 'OdontoCare Ruzafa' }, note: 'Falta la dirección.', expect: 422 });
  await A('POST /admin/centros', { ...asSecretaria, body: { nombre: 'OdontoCare Gràcia', direccion: 'Carrer Gran de Gràcia, 149, 08012 Barcelona' }, note: 'Una secretaria no crea centros.', expect: 403 });
  await A('POST /admin/centros/lote', {
    ...asAdmin,
    body: { items: [{ nombre: 'OdontoCare Ruzafa', direccion: 'Calle de Sueca, 12, 46006 Valencia' }, { nombre: '' , direccion: 'Calle sin nombre 1' }] },
    note: 'Lote con un elemento válido y uno no.',
    expect: 200,
  });
  await A('GET /admin/centros', { ...asSecretaria, query: '?q=chamberi', note: 'Búsqueda por nombre sin acentos ni mayúsculas (cualquier rol autenticado).', expect: 200 });
  await A('GET /admin/centros/{id}', { ...asSecretaria, params: { id: chamberi.id_centro }, note: 'Un centro.', expect: 200 });
  await A('GET /admin/centros/{id}', { ...asAdmin, params: { id: 999 }, note: 'No existe.', expect: 404 });
  await A('GET /admin/centros/{id}', { ...asAdmin, params: { id: 'abc' }, note: 'Id que no es un número.', expect: 400 });
  await A('PATCH /admin/centros/{id}', { ...asAdmin, params: { id: 3 }, body: { direccion: 'Calle de Sueca, 14, 46006 Valencia' }, note: 'Cambia la dirección.', expect: 200 });
  await A('DELETE /admin/centros/{id}', { ...asAdmin, params: { id: 3 }, note: 'Desactiva el centro (no se borra).', expect: 200 });

  // doctors
  const doctora = await A('POST /admin/doctores', {
    ...asAdmin,
    body: { nombre: 'Laura Fernández Benítez', especialidad: 'Ortodoncia', username: 'dra.laura.fernandez', password: 'dOoDB2923!xTt' },
    note: 'Crea la doctora y su usuario medico, las dos filas o ninguna.',
    expect: 201,
  });
  const doctor2 = await A('POST /admin/doctores', {
    ...asAdmin,
    body: { nombre: 'Patricio Díaz Arias', especialidad: 'Endodoncia', username: 'dr.patricio.diaz', password: 'abWDZ8195-wsT' },
    note: 'Otro doctor.',
    expect: 201,
  });
  await A('POST /admin/doctores', {
    ...asAdmin,
    body: { nombre: 'Otra Persona', especialidad: 'Periodoncia', username: 'dra.laura.fernandez', password: 'Periodo2026zz' },
    note: 'El nombre de usuario ya existe: no se crea ni el doctor ni el usuario.',
    expect: 409,
  });
  await A('POST /admin/doctores', { ...asAdmin, body: { nombre: 'Sin Especialidad', username: 'dr.sin', password: 'Clave2026sin' }, note: 'Falta la especialidad.', expect: 422 });
  await A('POST /admin/doctores/lote', {
    ...asAdmin,
    body: { items: [{ nombre: 'Roser Gutiérrez Cortés', especialidad: 'Periodoncia', username: 'dra.roser.gutierrez', password: 'OaCEs1778#hLY' }, { nombre: 'Sin Clave', especialidad: 'Implantología', username: 'dr.sinclave', password: 'corta' }] },
    note: 'Lote de doctores.',
    expect: 200,
  });
  await A('GET /admin/doctores', { ...asSecretaria, query: '?especialidad=ortodoncia', note: 'Filtro por especialidad.', expect: 200 });
  await A('GET /admin/doctores/{id}', { ...asSecretaria, params: { id: doctora.id_doctor }, note: 'Un doctor.', expect: 200 });
  await A('GET /admin/doctores/{id}', { ...asAdmin, params: { id: 999 }, note: 'No existe.', expect: 404 });
  await A('PATCH /admin/doctores/{id}', { ...asAdmin, params: { id: doctor2.id_doctor }, body: { especialidad: 'Endodoncia y Periodoncia' }, note: 'Cambia la especialidad.', expect: 200 });
  await A('PATCH /admin/doctores/{id}', { ...asAdmin, params: { id: doctor2.id_doctor }, body: { username: 'otro' }, note: 'Las credenciales no se cambian aquí.', expect: 422 });
  await A('DELETE /admin/doctores/{id}', { ...asAdmin, params: { id: doctor2.id_doctor }, note: 'Desactiva al doctor (sus citas pasadas se conservan).', expect: 200 });

  // patients
  const paciente = await A('POST /admin/pacientes', {
    ...asAdmin,
    body: { nombre: 'Jordi Álvarez Molina', telefono: '+34 664 097 252', username: 'jordi.alvarez', password: 'FWAIL8204-gDv' },
    note: 'Crea el paciente (ACTIVO por defecto) y su usuario paciente; el teléfono se guarda normalizado.',
    expect: 201,
  });
  const inactivo = await A('POST /admin/pacientes', {
    ...asAdmin,
    body: { nombre: 'Blanca Gutiérrez García', telefono: '935 805 230', estado: 'INACTIVO', username: 'blanca.gutierrez', password: 'mMQhd2644#SlV' },
    note: 'Un paciente INACTIVO.',
    expect: 201,
  });
  const otro = await A('POST /admin/pacientes', {
    ...asAdmin,
    body: { nombre: 'Bernardo Gallego Esteban', telefono: '+34 690 685 772', username: 'bernardo.gallego', password: 'WUFJd4879.kJJ' },
    note: 'Otro paciente.',
    expect: 201,
  });
  await A('POST /admin/pacientes', {
    ...asAdmin,
    body: { nombre: 'Ana Torres Gil', telefono: '12345', username: 'ana.torres', password: 'Clave9876ab' },
    note: 'Teléfono que no es español.',
    expect: 422,
  });
  await A('POST /admin/pacientes', {
    ...asAdmin,
    body: { nombre: 'Ana Torres Gil', telefono: '+34 600 111 222', username: 'ana.torres', password: 'Clave9876ab', rol: 'admin' },
    note: 'Un campo desconocido se rechaza, no se ignora.',
    expect: 422,
  });
  await A('POST /admin/pacientes/lote', {
    ...asAdmin,
    body: { items: [{ nombre: 'Fernando Nieto Jiménez', telefono: '+34 655 138 356', username: 'fernando.nieto', password: 'tqkvW7088*nzK' }, { nombre: 'Jordi Álvarez Molina', telefono: '+34 664 097 252', username: 'jordi.alvarez', password: 'FWAIL8204-gDv' }] },
    note: 'Lote con un duplicado.',
    expect: 200,
  });
  const jordi = await login(rec, 'jordi.alvarez', 'FWAIL8204-gDv', 'Un paciente inicia sesión: su token lleva id_paciente.');
  const asJordi = as('paciente (Jordi)', jordi);
  await A('GET /auth/me', { ...asJordi, note: 'El usuario de un paciente.', expect: 200 });
  await A('GET /admin/pacientes', { ...asSecretaria, query: '?estado=ACTIVO&page_size=5', note: 'Filtro por estado.', expect: 200 });
  await A('GET /admin/pacientes', { ...asJordi, note: 'Un paciente no lista pacientes.', expect: 403 });
  await A('GET /admin/pacientes', { ...asAdmin, query: '?page_size=500', note: 'page_size mayor que 100.', expect: 400 });
  await A('GET /admin/pacientes/{id}', { ...asJordi, params: { id: paciente.id_paciente }, note: 'Un paciente ve su propia ficha.', expect: 200 });
  await A('GET /admin/pacientes/{id}', { ...asJordi, params: { id: otro.id_paciente }, note: 'La de otro paciente: 404, como si no existiera (no revela qué ids existen).', expect: 404 });
  await A('GET /admin/pacientes/{id}', { ...asAdmin, params: { id: 999 }, note: 'No existe.', expect: 404 });
  await A('PATCH /admin/pacientes/{id}', { ...asAdmin, params: { id: otro.id_paciente }, body: { telefono: '+34 690 685 773' }, note: 'Cambia el teléfono.', expect: 200 });
  await A('GET /admin/pacientes', {
    ...asSecretaria,
    query: `?telefono=${encodeURIComponent('690-685-773')}&estado=ACTIVO`,
    note: 'Búsqueda por teléfono (recepción, con el número de quien llama): las cifras pedidas, en cualquier parte del teléfono; separadores, +34 y 0034 no cuentan.',
    expect: 200,
  });
  await A('GET /admin/pacientes', { ...asSecretaria, query: '?telefono=69', note: 'Menos de 3 cifras de teléfono.', expect: 400 });
  const fernando = await A('GET /admin/pacientes', { ...asAdmin, query: '?q=fernando', note: 'Búsqueda por nombre.', expect: 200 });
  await A('DELETE /admin/pacientes/{id}', {
    ...asAdmin,
    params: { id: fernando.items[0].id_paciente },
    note: 'Da de baja al paciente (estado INACTIVO; su historial se conserva y su usuario ya no entra).',
    expect: 200,
  });
  // the directory in one question (what citas asks once per booking)
  await A('GET /admin/directorio', {
    ...asJordi,
    query: `?id_doctor=${doctora.id_doctor}&id_centro=${chamberi.id_centro}&id_paciente=${paciente.id_paciente}`,
    note: 'Doctor, centro y paciente de una reserva en una sola consulta (citas la hace con el token de quien reserva).',
    expect: 200,
  });
  await A('GET /admin/directorio', {
    ...asJordi,
    query: `?id_doctor=999&id_paciente=${otro.id_paciente}`,
    note: 'Lo que no existe, o no puede ver quien pregunta (la ficha de otro paciente), es null: no revela qué ids existen.',
    expect: 200,
  });
  await A('GET /admin/directorio', { ...asAdmin, note: 'Sin ningún id.', expect: 400 });
  const medico = await login(rec, 'dra.laura.fernandez', 'dOoDB2923!xTt', 'Una doctora inicia sesión: su token lleva id_doctor.');

  return { admin, secretaria, jordi, medico, ids: { paciente: paciente.id_paciente, inactivo: inactivo.id_paciente, otro: otro.id_paciente, doctora: doctora.id_doctor, doctorInactivo: doctor2.id_doctor, centro: chamberi.id_centro, centroInactivo: 3 } };
}

type Ctx = Awaited<ReturnType<typeof documentAdmin>>;

/**
 * The citas service. Dates are in March 2030 (CET, +01:00), the days after
 * DOCS_CLOCK's "now", so the answers do not change from run to run.
 */
async function documentCitas(rec: Recorder, ctx: Ctx) {
  const C = (route: string, o: CallOptions) => rec.call('citas', route, o);
  const asAdmin = { as: 'admin', token: ctx.admin };
  const asSecretaria = { as: 'secretaria', token: ctx.secretaria };
  const asJordi = { as: 'paciente (Jordi)', token: ctx.jordi };
  const asMedico = { as: 'medico (Laura)', token: ctx.medico };
  const { paciente, otro, inactivo, doctora, doctorInactivo, centro, centroInactivo } = ctx.ids;
  const cita = (fecha: string, extra: Record<string, unknown> = {}) => ({
    fecha,
    motivo: 'Revisión anual',
    id_paciente: paciente,
    id_doctor: doctora,
    id_centro: centro,
    ...extra,
  });

  await C('GET /health', { note: 'Proceso vivo (sin token).', expect: 200 });
  await C('GET /ready', { note: 'Su base de datos y el servicio admin responden.', expect: 200 });

  const primera = await C('POST /citas', { ...asAdmin, body: cita('2030-03-04T10:00:00'), note: 'Un admin reserva para un paciente. Sin desfase, la hora es la de la clínica (Europe/Madrid).', expect: 201 });
  const segunda = await C('POST /citas', {
    ...asJordi,
    body: cita('2030-03-05T11:00:00+01:00', { motivo: 'Dolor de muelas', id_centro: 2, duracion_min: 45 }),
    note: 'Un paciente reserva para sí mismo, con duración propia.',
    expect: 201,
  });
  await C('POST /citas', { ...asJordi, body: cita('2030-03-07T10:00:00', { id_paciente: otro }), note: 'Un paciente no reserva para otro.', expect: 403 });
  await C('POST /citas', { ...asSecretaria, body: cita('2030-03-07T10:00:00'), note: 'Reservan el paciente o un admin; secretaría solo con RESERVA_SECRETARIA=true (por defecto, no).', expect: 403 });
  await C('POST /citas', { body: cita('2030-03-07T10:00:00'), note: 'Sin token.', expect: 401 });
  await C('POST /citas', { ...asAdmin, body: cita('2030-03-04T10:15:00', { id_paciente: otro }), note: 'La doctora ya tiene una cita que se solapa (10:00–10:30).', expect: 409 });
  await C('POST /citas', { ...asAdmin, body: cita('2030-03-05T11:30:00', { id_doctor: 3 }), note: 'El paciente ya tiene otra cita a esa hora (11:00–11:45).', expect: 409 });
  await C('POST /citas', { ...asAdmin, body: cita('2030-03-07T10:00:00', { id_paciente: inactivo }), note: 'Paciente INACTIVO.', expect: 422 });
  await C('POST /citas', { ...asAdmin, body: cita('2030-03-07T10:00:00', { id_doctor: doctorInactivo }), note: 'Doctor dado de baja.', expect: 422 });
  await C('POST /citas', { ...asAdmin, body: cita('2030-03-07T10:00:00', { id_doctor: 999 }), note: 'Doctor que no existe.', expect: 422 });
  await C('POST /citas', { ...asAdmin, body: cita('2030-03-07T10:00:00', { id_centro: centroInactivo }), note: 'Centro dado de baja.', expect: 422 });
  await C('POST /citas', { ...asAdmin, body: cita('2020-01-07T10:00:00'), note: 'Fecha pasada.', expect: 422 });
  await C('POST /citas', { ...asAdmin, body: { fecha: '2030-03-07T10:00:00', id_paciente: paciente, id_doctor: doctora, id_centro: centro }, note: 'Falta el motivo.', expect: 422 });
  await C('POST /citas', { ...asAdmin, body: cita('7 de marzo a las 10'), note: 'Fecha que no es ISO 8601.', expect: 422 });

  await C('GET /citas', { ...asAdmin, query: `?id_paciente=${paciente}`, note: 'Un admin filtra por paciente (también id_doctor, id_centro, fecha, estado).', expect: 200 });
  await C('GET /citas', { ...asSecretaria, query: '?fecha=2030-03-04', note: 'Una secretaria ve todas las citas de un día.', expect: 200 });
  await C('GET /citas', { ...asMedico, note: 'Una doctora ve solo las suyas.', expect: 200 });
  await C('GET /citas', { ...asJordi, note: 'Un paciente ve solo las suyas.', expect: 200 });
  await C('GET /citas', { ...asAdmin, query: '?fecha=04/03/2030', note: 'Filtro con formato no válido.', expect: 400 });
  await C('GET /citas/{id}', { ...asJordi, params: { id: primera.id_cita }, note: 'Su paciente ve la cita.', expect: 200 });
  const bernardo = await login(rec, 'bernardo.gallego', 'WUFJd4879.kJJ', 'Otro paciente inicia sesión.');
  await C('GET /citas/{id}', { as: 'paciente (Bernardo)', token: bernardo, params: { id: primera.id_cita }, note: 'Otro paciente: 404, como si no existiera.', expect: 404 });
  await C('POST /citas', {
    as: 'paciente (Bernardo)',
    token: bernardo,
    body: cita('2030-03-04T10:15:00', { id_paciente: otro }),
    note: 'Un paciente choca con la cita de otro: solo se le dice que el hueco está ocupado (ni id, ni paciente, ni hora).',
    expect: 409,
  });
  await C('GET /citas/{id}', { ...asAdmin, params: { id: 999 }, note: 'No existe.', expect: 404 });

  const cambio = await C('PUT /citas/{id}', {
    ...asSecretaria,
    params: { id: primera.id_cita },
    body: { fecha: '2030-03-06T12:00:00' },
    note: 'Reprogramar: se crea una cita nueva y la anterior queda cancelada, las dos enlazadas.',
    expect: 200,
  });
  await C('PUT /citas/{id}', { ...asSecretaria, params: { id: primera.id_cita }, body: { fecha: '2030-03-06T13:00:00' }, note: 'Una cita ya reprogramada no se cambia otra vez: se cambia su sucesora.', expect: 409 });
  const nueva = cambio.cita_nueva.id_cita;
  await C('PUT /citas/{id}', { ...asJordi, params: { id: nueva }, body: { estado: 'Confirmada' }, note: 'El paciente confirma.', expect: 200 });
  await C('PUT /citas/{id}', { ...asMedico, params: { id: nueva }, body: { estado: 'Atendida' }, note: 'Atendida solo cuando la cita ya ha empezado.', expect: 409 });
  await C('PUT /citas/{id}', { ...asSecretaria, params: { id: nueva }, body: { estado: 'Cancelada', fecha: '2030-03-06T13:00:00' }, note: 'Cancelar y cambiar a la vez: son dos peticiones.', expect: 422 });
  await C('PUT /citas/{id}', { ...asJordi, params: { id: nueva }, body: { estado: 'Cancelada', motivo_cancelacion: 'No puedo acudir' }, note: 'El paciente cancela.', expect: 200 });
  await C('PUT /citas/{id}', { ...asJordi, params: { id: nueva }, body: { estado: 'Cancelada' }, note: 'Ya estaba cancelada.', expect: 409 });
  await C('DELETE /citas/{id}', { ...asJordi, params: { id: segunda.id_cita }, note: 'DELETE cancela (la cita no se borra).', expect: 200 });
  await C('DELETE /citas/{id}', { ...asMedico, params: { id: segunda.id_cita }, note: 'Un médico no cancela.', expect: 403 });
  await C('GET /citas/{id}/historial', { ...asAdmin, params: { id: nueva }, note: 'Cada cambio de la cita, del más antiguo al más reciente.', expect: 200 });

  // a patient holds at most MAX_CITAS_FUTURAS (5) future active citas
  for (const day of ['11', '12', '13', '14', '15']) {
    await C('POST /citas', { ...asAdmin, body: cita(`2030-03-${day}T10:00:00`, { id_paciente: otro }), note: '', expect: 201, quiet: true });
  }
  await C('POST /citas', { ...asAdmin, body: cita('2030-03-22T10:00:00', { id_paciente: otro }), note: 'El paciente ya tiene 5 citas futuras activas (MAX_CITAS_FUTURAS).', expect: 422 });

  // agenda
  await C('PUT /agenda/{id_doctor}/horario', {
    ...asSecretaria,
    params: { id_doctor: doctora },
    body: { id_centro: centro, franjas: [{ dia: 1, desde: '09:00', hasta: '14:00' }, { dia: 3, desde: '16:00', hasta: '20:00' }], duracion_cita_min: 30 },
    note: 'Horario semanal en un centro (lunes mañana, miércoles tarde). Las citas ya reservadas no cambian; las que quedan fuera se listan en conflictos.',
    expect: 200,
  });
  await C('PUT /agenda/{id_doctor}/horario', { ...asJordi, params: { id_doctor: doctora }, body: { id_centro: centro, franjas: [] }, note: 'Un paciente no define horarios.', expect: 403 });
  await C('GET /agenda/{id_doctor}/horario', { ...asJordi, params: { id_doctor: doctora }, note: 'Cualquiera autenticado lo consulta.', expect: 200 });
  const ausencia = await C('POST /agenda/{id_doctor}/ausencias', {
    ...asMedico,
    params: { id_doctor: doctora },
    body: { desde: '2030-03-18', hasta: '2030-03-18', motivo: 'Congreso' },
    note: 'La doctora registra una ausencia (un día entero).',
    expect: 201,
  });
  await C('GET /agenda/{id_doctor}/ausencias', { ...asSecretaria, params: { id_doctor: doctora }, query: '?desde=2030-03-01&hasta=2030-03-31', note: 'Ausencias en un intervalo.', expect: 200 });
  await C('GET /agenda/{id_doctor}/ausencias', { ...asJordi, params: { id_doctor: doctora }, query: '?desde=2030-03-01&hasta=2030-03-31', note: 'Un paciente ve cuándo falta la doctora, no por qué: motivo null.', expect: 200 });
  await C('GET /agenda/{id_doctor}/ausencias/{id}', { ...asSecretaria, params: { id_doctor: doctora, id: ausencia.id_ausencia }, note: 'Una ausencia: la ruta que da el Location de su alta.', expect: 200 });
  await C('POST /citas', {
    ...asJordi,
    body: cita('2030-03-25T09:10:00', { duracion_min: 15 }),
    note: 'Con horario, un paciente reserva solo el inicio de un hueco de GET /citas/disponibilidad, con la duración de las citas de la doctora (30 min).',
    expect: 422,
  });
  await C('POST /citas', { ...asAdmin, body: cita('2030-03-19T10:00:00'), note: 'Fuera del horario de la doctora (martes).', expect: 422 });
  await C('POST /citas', { ...asAdmin, body: cita('2030-03-18T10:00:00'), note: 'La doctora está ausente ese día.', expect: 422 });
  await C('GET /citas/disponibilidad', { ...asJordi, query: `?id_doctor=${doctora}&fecha=2030-03-04`, note: 'Huecos libres y ocupados de un día.', expect: 200 });
  await C('GET /citas/disponibilidad', { ...asJordi, query: `?id_doctor=${doctora}`, note: 'Falta la fecha.', expect: 400 });
  await C('GET /citas/disponibilidad/proximos', { ...asJordi, query: '?especialidad=Ortodoncia&desde=2030-03-04&limite=3', note: 'Primeros huecos de una especialidad.', expect: 200 });
  await C('DELETE /agenda/{id_doctor}/ausencias/{id}', { ...asMedico, params: { id_doctor: doctora, id: ausencia.id_ausencia }, note: 'Borra la ausencia (sin cuerpo).', expect: 204 });
}

/** With admin stopped, citas answers 503 (never "does not exist"). */
async function documentOutage(rec: Recorder, ctx: Ctx) {
  await rec.call('citas', 'GET /ready', { note: 'El servicio admin no responde.', expect: 503 });
  await rec.call('citas', 'POST /citas', {
    as: 'admin',
    token: ctx.admin,
    body: { fecha: '2030-03-25T10:00:00', motivo: 'Revisión anual', id_paciente: ctx.ids.paciente, id_doctor: ctx.ids.doctora, id_centro: ctx.ids.centro },
    note: 'El servicio admin no responde: no se puede comprobar el doctor ni el paciente.',
    expect: 503,
  });
}

/** Edge answers every route shares: JSON only, unknown routes and methods. */
async function documentEdge(rec: Recorder, admin: string) {
  const A = (route: string, o: CallOptions) => rec.call('admin', route, { ...o, common: true });
  await A('POST /admin/centros', { as: 'admin', token: admin, rawBody: '{"nombre": "Sin cerrar"', note: 'JSON mal formado.', expect: 400 });
  await A('POST /admin/centros', { as: 'admin', token: admin, rawBody: 'nombre=Centro', contentType: 'text/plain', note: 'Cuerpo que no es JSON.', expect: 415 });
  await A('GET /admin/no-existe', { as: 'admin', token: admin, note: 'Ruta desconocida.', expect: 404 });
  await A('PUT /admin/centros', { as: 'admin', token: admin, body: {}, note: 'Método no permitido en una ruta que existe.', expect: 405 });
}

function fence(value: Json): string {
  return ['```json', JSON.stringify(value, null, 2), '```'].join('\n');
}

function titleOf(ex: Example): string {
  const r = ex.response as { code?: string } | null;
  return r && typeof r === 'object' && typeof r.code === 'string' ? `${ex.status} ${r.code}` : String(ex.status);
}

function render(examples: Example[], missing: string[]): string {
  const out: string[] = [
    '# OdontoCare: cada ruta con su respuesta real',
    '',
    'Generado por `npm run docs:endpoints` (scripts/document-endpoints.ts): arranca los dos servicios en el',
    'propio proceso con datos temporales, llama a cada ruta y copia lo que respondió. No se edita a mano.',
    '',
    `Las URL usan los puertos por defecto (admin ${PUBLIC_URL.admin}, citas ${PUBLIC_URL.citas}). Los tokens, los`,
    'identificadores de clave y las marcas de tiempo "de ahora" se sustituyen por un texto entre `< >`; todo lo',
    'demás (ids, fechas de las citas, mensajes) es lo que el servicio devolvió. Los errores son RFC 9457',
    '(`application/problem+json`) con un `code` estable.',
    '',
  ];
  const section = (title: string, mine: Example[], base: (e: Example) => string) => {
    out.push(title, '');
    const routes = [...new Set(mine.map((e) => `${e.method} ${e.template}`))];
    out.push('| ruta | respuestas documentadas |', '|---|---|');
    for (const route of routes) {
      const statuses = [...new Set(mine.filter((e) => `${e.method} ${e.template}` === route).map(titleOf))];
      out.push(`| \`${route}\` | ${statuses.join(', ')} |`);
    }
    out.push('');
    for (const route of routes) {
      out.push(`### ${route}`, '');
      for (const ex of mine.filter((e) => `${e.method} ${e.template}` === route)) {
        out.push(`**${titleOf(ex)}** — ${ex.note}`, '');
        out.push(`\`${ex.method} ${base(ex)}${ex.path}\` — ${ex.as === 'sin token' ? 'sin token' : `como ${ex.as}`}`, '');
        if (ex.rawBody !== undefined) out.push(`Cuerpo enviado (\`${ex.contentType ?? 'application/json'}\`): \`${ex.rawBody}\``, '');
        else if (ex.body !== undefined) out.push(fence(ex.body), '');
        out.push('Respuesta:', '', fence(stable(ex.response)), '');
      }
    }
  };
  for (const service of ['admin', 'citas'] as Service[]) {
    const mine = examples.filter((e) => e.service === service && !e.common);
    if (mine.length) section(`## Servicio ${service} (${PUBLIC_URL[service]})`, mine, () => PUBLIC_URL[service]);
  }
  const common = examples.filter((e) => e.common);
  if (common.length) {
    section('## Errores comunes a todas las rutas (los dos servicios responden igual)', common, (e) => PUBLIC_URL[e.service]);
  }
  if (missing.length) {
    out.push('## Rutas sin ejemplo', '', 'Rutas de /openapi.json que este documento todavía no ejerce:', '', ...missing.map((m) => `- ${m}`), '');
  }
  return out.join('\n');
}

/** Prometheus text of ~20 KB, not an API answer to show here: docs/admin-service.md and docs/citas.md say what it holds. */
const NOT_EXAMPLES = new Set(['GET /metrics']);

/** Every method + path the two OpenAPI documents declare, minus the ones an example called (and NOT_EXAMPLES). */
async function uncovered(urls: Record<Service, string>, examples: Example[]): Promise<string[]> {
  const missing: string[] = [];
  for (const service of ['admin', 'citas'] as Service[]) {
    const doc = (await (await fetch(`${urls[service]}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const m = method.toUpperCase();
        if (NOT_EXAMPLES.has(`${m} ${path}`)) continue;
        if (!examples.some((e) => e.service === service && e.method === m && e.template === path)) missing.push(`${service}: ${m} ${path}`);
      }
    }
  }
  return missing;
}

async function main(): Promise<void> {
  const out = process.argv[2] !== undefined ? callerPath(process.argv[2]) : join(__dirname, '..', 'docs', 'endpoints.md');
  const dataDir = mkdtempSync(join(tmpdir(), 'odontocare-docs-'));
  const admin = await startAdmin(loadAdminConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ADMIN_PORT: '0', ADMIN_HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), { clock: DOCS_CLOCK });
  const citas = await startCitas(
    loadCitasConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, CITAS_PORT: '0', CITAS_HOST: '127.0.0.1', LOG_LEVEL: 'silent', ADMIN_URL: admin.url, CITAS_WORKERS: 'false' }),
    { clock: DOCS_CLOCK },
  );
  const urls = { admin: admin.url, citas: citas.url };
  const rec = new Recorder(urls);
  let adminClosed = false;
  try {
    const ctx = await documentAdmin(rec);
    await documentCitas(rec, ctx);
    await documentEdge(rec, ctx.admin);
    const missing = await uncovered(urls, rec.examples);
    await admin.close();
    adminClosed = true;
    await documentOutage(rec, ctx);
    writeFileSync(out, render(rec.examples, missing));
    console.log(`${out}: ${rec.examples.length} ejemplos`);
    if (missing.length) {
      console.error(`Rutas sin ejemplo (añada uno en scripts/document-endpoints.ts): ${missing.join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await citas.close();
    if (!adminClosed) await admin.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exitCode = 1;
});
