import { ForbiddenError, NotFoundError, ValidationError } from './errors';
import type { Principal, Rol } from './roles';

/**
 * Who may do what, for every use case of both services: the one home of
 * permissions. Use cases ask `assertMay`; the HTTP routes' `roles` lists are
 * only a coarse gate, and a test proves each one equals `rolesThatMay` of
 * the actions its route performs.
 *
 * Each action grants each role one of:
 * - 'todo': any record;
 * - 'propio': only records tied to the caller (a medico's own doctor id, a
 *   paciente's own patient id);
 * - 'nada': never;
 * - `{ si: setting, entonces: grant }`: that grant when the clinic turns the
 *   setting on (AccessSettings, from the citas service's configuration),
 *   'nada' otherwise. A setting changes who may do what here and nowhere
 *   else: the use cases pass their settings to assertMay.
 *
 * Visibility comes before permission. An action with `oculta` names the
 * action that decides whether the caller may know the record exists: a
 * caller who may not gets 404 NO_ENCONTRADO, exactly as for a record that
 * does not exist, so ids of other people's citas or fichas leak nothing.
 * Only a caller who may see the record but not do this with it gets 403.
 */

export const ACTIONS = [
  // admin: sessions and accounts
  'sesion.consultar',
  'sesion.cerrar',
  'contrasena.cambiar',
  'contrasenas.restablecer',
  // admin: the directory
  'usuarios.gestionar',
  'doctores.consultar',
  'doctores.gestionar',
  'centros.consultar',
  'centros.gestionar',
  'pacientes.listar',
  'paciente.consultar',
  'pacientes.gestionar',
  // citas
  'cita.reservar',
  'cita.reservarFueraDeHueco',
  'citas.listar',
  'cita.consultar',
  'cita.cancelar',
  'cita.cambiar',
  'cita.confirmar',
  'cita.registrarAsistencia',
  // agenda
  'disponibilidad.consultar',
  'horario.consultar',
  'horario.definir',
  'ausencias.consultar',
  'ausencias.verMotivo',
  'ausencias.gestionar',
] as const;
export type Action = (typeof ACTIONS)[number];

export type Grant = 'todo' | 'propio' | 'nada';

/** The clinic's settings that grant permissions (all off by default). */
export interface AccessSettings {
  /** RESERVA_SECRETARIA: a secretaria may book citas for any patient, like an admin. */
  reservaSecretaria: boolean;
}

export const DEFAULT_ACCESS_SETTINGS: AccessSettings = { reservaSecretaria: false };

/** A grant that holds only while a setting is on. */
export interface GrantIf {
  si: keyof AccessSettings;
  entonces: Exclude<Grant, 'nada'>;
}

/** The record an action is about, as far as ownership goes. */
export interface Subject {
  idDoctor?: number;
  idPaciente?: number;
}

interface Rule {
  grants: Record<Rol, Grant | GrantIf>;
  /** The action whose refusal means 404 instead of 403 (see above). */
  oculta?: Action;
  /** Why the refusal (403), by role; `otro` for any role not named. */
  porque: Partial<Record<Rol, string>> & { otro: string };
}

const EVERYONE = { admin: 'todo', secretaria: 'todo', medico: 'todo', paciente: 'todo' } as const;
const ADMIN_ONLY = { admin: 'todo', secretaria: 'nada', medico: 'nada', paciente: 'nada' } as const;
const STAFF = { admin: 'todo', secretaria: 'todo', medico: 'nada', paciente: 'nada' } as const;
const OWN_CITA = { admin: 'todo', secretaria: 'todo', medico: 'propio', paciente: 'propio' } as const;

const SOLO_ADMIN = 'Solo un administrador puede hacerlo.';

/** Cancelling and changing a cita: its patient and the staff; its doctor sees it but may do neither. */
const CANCEL_OR_CHANGE: Rule = {
  grants: { admin: 'todo', secretaria: 'todo', medico: 'nada', paciente: 'propio' },
  oculta: 'cita.consultar',
  porque: { otro: 'Un médico no puede cancelar ni modificar citas.' },
};

export const ACCESS: Record<Action, Rule> = {
  'sesion.consultar': { grants: EVERYONE, porque: { otro: '' } },
  // Always the caller's own session and password: nobody else's is reachable through these.
  'sesion.cerrar': { grants: EVERYONE, porque: { otro: '' } },
  'contrasena.cambiar': { grants: EVERYONE, porque: { otro: '' } },
  // Setting someone else's password (a forgotten one) ends their sessions: an admin's call.
  'contrasenas.restablecer': { grants: ADMIN_ONLY, porque: { otro: 'Solo un administrador puede restablecer la contraseña de otro usuario.' } },
  'usuarios.gestionar': { grants: ADMIN_ONLY, porque: { otro: SOLO_ADMIN } },
  'doctores.consultar': { grants: EVERYONE, porque: { otro: '' } },
  'doctores.gestionar': { grants: ADMIN_ONLY, porque: { otro: SOLO_ADMIN } },
  'centros.consultar': { grants: EVERYONE, porque: { otro: '' } },
  'centros.gestionar': { grants: ADMIN_ONLY, porque: { otro: SOLO_ADMIN } },
  'pacientes.listar': {
    grants: { admin: 'todo', secretaria: 'todo', medico: 'todo', paciente: 'nada' },
    porque: { otro: 'Un paciente solo puede consultar su propia ficha.' },
  },
  // A patient reads only their own ficha; another one's answers 404, as a missing one.
  'paciente.consultar': {
    grants: { admin: 'todo', secretaria: 'todo', medico: 'todo', paciente: 'propio' },
    oculta: 'paciente.consultar',
    porque: { otro: '' },
  },
  'pacientes.gestionar': { grants: ADMIN_ONLY, porque: { otro: SOLO_ADMIN } },

  'cita.reservar': {
    grants: { admin: 'todo', secretaria: { si: 'reservaSecretaria', entonces: 'todo' }, medico: 'nada', paciente: 'propio' },
    porque: {
      paciente: 'Un paciente solo puede reservar citas para sí mismo.',
      secretaria: 'En esta clínica secretaría no reserva citas (RESERVA_SECRETARIA está desactivado): solo un paciente (para sí mismo) o un administrador.',
      otro: 'Solo un paciente (para sí mismo) o un administrador pueden reservar citas.',
    },
  },
  // Placing a cita (booking or changing) at any start and length inside the
  // schedule. Everyone else books only the grid of free slots (slots.ts
  // gridViolation): a refusal here is no 403 but that rule, 422 FUERA_DE_HUECO.
  'cita.reservarFueraDeHueco': {
    grants: STAFF,
    porque: { otro: 'Solo administración o secretaría pueden reservar fuera de los huecos libres.' },
  },
  // Scoped rather than refused: see scopeListFilter.
  'citas.listar': { grants: OWN_CITA, porque: { otro: '' } },
  'cita.consultar': { grants: OWN_CITA, oculta: 'cita.consultar', porque: { otro: '' } },
  'cita.cancelar': CANCEL_OR_CHANGE,
  'cita.cambiar': CANCEL_OR_CHANGE,
  'cita.confirmar': {
    grants: { admin: 'todo', secretaria: 'todo', medico: 'nada', paciente: 'propio' },
    oculta: 'cita.consultar',
    porque: { otro: 'Solo el paciente de la cita, secretaría o un administrador pueden confirmarla.' },
  },
  'cita.registrarAsistencia': {
    grants: { admin: 'todo', secretaria: 'todo', medico: 'propio', paciente: 'nada' },
    oculta: 'cita.consultar',
    porque: { otro: 'Solo el médico de la cita, secretaría o un administrador pueden marcar si el paciente asistió.' },
  },

  'disponibilidad.consultar': { grants: EVERYONE, porque: { otro: '' } },
  'horario.consultar': { grants: EVERYONE, porque: { otro: '' } },
  'horario.definir': {
    grants: STAFF,
    porque: { otro: 'Solo administración o secretaría pueden definir el horario de un doctor.' },
  },
  'ausencias.consultar': { grants: EVERYONE, porque: { otro: '' } },
  // Everyone sees when a doctor is away; why (a sick leave...) only staff and that doctor.
  // Narrows instead of refusing: the list answers motivo null to anyone else.
  'ausencias.verMotivo': {
    grants: { admin: 'todo', secretaria: 'todo', medico: 'propio', paciente: 'nada' },
    porque: { otro: 'Solo administración, secretaría o el propio doctor ven el motivo de una ausencia.' },
  },
  'ausencias.gestionar': {
    grants: { admin: 'todo', secretaria: 'todo', medico: 'propio', paciente: 'nada' },
    porque: {
      medico: 'Un doctor solo puede gestionar sus propias ausencias.',
      otro: 'Solo administración, secretaría o el propio doctor pueden gestionar ausencias.',
    },
  },
};

/** Whether the record is the caller's own: a medico's doctor id, a paciente's patient id. */
export function isOwn(who: Principal, subject: Subject): boolean {
  if (who.rol === 'medico') return who.idDoctor !== undefined && who.idDoctor === subject.idDoctor;
  if (who.rol === 'paciente') return who.idPaciente !== undefined && who.idPaciente === subject.idPaciente;
  return false;
}

/** What a role is granted under these settings. */
function grantOf(rol: Rol, action: Action, settings: AccessSettings): Grant {
  const grant = ACCESS[action].grants[rol];
  if (typeof grant === 'string') return grant;
  return settings[grant.si] ? grant.entonces : 'nada';
}

function granted(who: Principal, action: Action, subject: Subject, settings: AccessSettings): boolean {
  const grant = grantOf(who.rol, action, settings);
  return grant === 'todo' || (grant === 'propio' && isOwn(who, subject));
}

export type Decision = 'permitido' | 'oculto' | 'prohibido';

/** The decision alone, for tests and for pages that only show what is allowed. */
export function decide(who: Principal, action: Action, subject: Subject = {}, settings: AccessSettings = DEFAULT_ACCESS_SETTINGS): Decision {
  const visibility = ACCESS[action].oculta;
  if (visibility && !granted(who, visibility, subject, settings)) return 'oculto';
  return granted(who, action, subject, settings) ? 'permitido' : 'prohibido';
}

export function may(who: Principal, action: Action, subject: Subject = {}, settings: AccessSettings = DEFAULT_ACCESS_SETTINGS): boolean {
  return decide(who, action, subject, settings) === 'permitido';
}

/**
 * Throws unless `who` may do `action` with `subject`: 404 `notFound()` when
 * the record must stay hidden, 403 with the rule's reason otherwise.
 * `settings`: the clinic's, for the grants that depend on one (GrantIf).
 */
export function assertMay(
  who: Principal,
  action: Action,
  subject: Subject = {},
  notFound?: () => NotFoundError,
  settings: AccessSettings = DEFAULT_ACCESS_SETTINGS,
): void {
  const decision = decide(who, action, subject, settings);
  if (decision === 'permitido') return;
  if (decision === 'oculto') throw notFound ? notFound() : new NotFoundError('No existe.');
  const reasons = ACCESS[action].porque;
  throw new ForbiddenError(reasons[who.rol] ?? reasons.otro);
}

/**
 * The roles an action is ever open to, for some record UNDER SOME SETTING:
 * what a route's coarse gate must equal (test/unit/access.test.ts).
 *
 * Decision: a grant that depends on a setting counts as open, so the gate
 * of POST /citas admits secretaria whatever RESERVA_SECRETARIA says, and
 * assertMay in the use case gives her the 403 (with the setting named) while
 * it is off. The alternative, a gate built per configuration, would make the
 * routes a second reader of the setting, and their role lists would no longer
 * be literals a test can hold against this table.
 */
export function rolesThatMay(action: Action): Rol[] {
  return (Object.keys(ACCESS[action].grants) as Rol[]).filter((rol) => ACCESS[action].grants[rol] !== 'nada');
}

export interface ListScope {
  idDoctor?: number;
  idPaciente?: number;
}

/**
 * `citas.listar` narrows instead of refusing: a medico or paciente sees only
 * their own citas (the filter is pinned to them; asking for someone else's
 * is 403), secretaria and admin see all. Decision: secretaria may pass
 * `fecha` and the other filters too, and `fecha` is optional for her
 * (docs/citas-core.md, "Listing scope").
 */
export function scopeListFilter<F extends ListScope>(who: Principal, filter: F): F {
  if (grantOf(who.rol, 'citas.listar', DEFAULT_ACCESS_SETTINGS) === 'todo') return filter;
  if (who.rol === 'medico') {
    if (who.idDoctor === undefined) throw new ForbiddenError('Su usuario no está vinculado a ningún médico.');
    if (filter.idDoctor !== undefined && filter.idDoctor !== who.idDoctor) {
      throw new ForbiddenError('Un médico solo puede consultar sus propias citas.');
    }
    return { ...filter, idDoctor: who.idDoctor };
  }
  if (who.idPaciente === undefined) throw new ForbiddenError('Su usuario no está vinculado a ningún paciente.');
  if (filter.idPaciente !== undefined && filter.idPaciente !== who.idPaciente) {
    throw new ForbiddenError('Un paciente solo puede consultar sus propias citas.');
  }
  return { ...filter, idPaciente: who.idPaciente };
}

/**
 * `usuarios.gestionar`, activating or deactivating an account: a medico or
 * paciente account follows its doctor or patient ficha instead, and nobody
 * may deactivate their own account (so the last admin cannot lock everyone
 * out). Both are answered as a problem with the request (422 on `id`).
 */
export function assertMaySetActive(actor: Principal, user: { id: number; rol: Rol }, activo: boolean): void {
  assertMay(actor, 'usuarios.gestionar');
  if (user.rol === 'medico' || user.rol === 'paciente') {
    const record = user.rol === 'medico' ? 'doctor (/admin/doctores)' : 'paciente (/admin/pacientes)';
    throw ValidationError.field('id', `Este usuario pertenece a un ${record}: active o dé de baja esa ficha.`);
  }
  if (!activo && user.id === actor.userId) throw ValidationError.field('id', 'No puede darse de baja a sí mismo.');
}
