import type { Cita, EstadoCita } from './appointment';
import { ForbiddenError, NotFoundError } from './errors';
import type { Principal } from './roles';

/**
 * Who may do what with a cita. Pure functions of the caller and the cita.
 *
 * Visibility comes first: a caller who may not see a cita gets 404
 * NO_ENCONTRADO, exactly as if it did not exist, so ids of other people's
 * citas leak nothing. Only a caller who can see the cita but whose role may
 * not perform the action gets 403 (a doctor trying to cancel their own cita).
 */

export function isOwnPatient(p: Principal, cita: Pick<Cita, 'idPaciente'>): boolean {
  return p.rol === 'paciente' && p.idPaciente !== undefined && p.idPaciente === cita.idPaciente;
}

export function isOwnDoctor(p: Principal, cita: Pick<Cita, 'idDoctor'>): boolean {
  return p.rol === 'medico' && p.idDoctor !== undefined && p.idDoctor === cita.idDoctor;
}

export function canSee(p: Principal, cita: Pick<Cita, 'idPaciente' | 'idDoctor'>): boolean {
  return p.rol === 'admin' || p.rol === 'secretaria' || isOwnDoctor(p, cita) || isOwnPatient(p, cita);
}

export function notFound(idCita: number): NotFoundError {
  return new NotFoundError(`No existe la cita ${idCita}.`);
}

/** 404 unless the caller may see the cita. */
export function assertCanSee(p: Principal, cita: Cita): void {
  if (!canSee(p, cita)) throw notFound(cita.id);
}

/** Booking: a patient only for themself; an admin for anyone; other roles never. */
export function assertCanBook(p: Principal, idPaciente: number): void {
  if (p.rol === 'admin') return;
  if (p.rol === 'paciente') {
    if (p.idPaciente !== undefined && p.idPaciente === idPaciente) return;
    throw new ForbiddenError('Un paciente solo puede reservar citas para sí mismo.');
  }
  throw new ForbiddenError('Solo un paciente (para sí mismo) o un administrador pueden reservar citas.');
}

/** Cancelling or changing: its patient, secretaria, admin. A doctor sees it but may not (403). */
export function assertCanCancelOrChange(p: Principal, cita: Cita): void {
  assertCanSee(p, cita);
  if (p.rol === 'medico') throw new ForbiddenError('Un médico no puede cancelar ni modificar citas.');
}

/** Status changes: Confirmada by its patient; Atendida/NoAsistio by its doctor; secretaria and admin both. */
export function assertCanSetStatus(p: Principal, cita: Cita, to: EstadoCita): void {
  assertCanSee(p, cita);
  if (p.rol === 'admin' || p.rol === 'secretaria') return;
  if (to === 'Cancelada') {
    assertCanCancelOrChange(p, cita);
    return;
  }
  if (to === 'Confirmada') {
    if (isOwnPatient(p, cita)) return;
    throw new ForbiddenError('Solo el paciente de la cita, secretaría o un administrador pueden confirmarla.');
  }
  if (isOwnDoctor(p, cita)) return;
  throw new ForbiddenError(`Solo el médico de la cita, secretaría o un administrador pueden marcarla como ${to}.`);
}

export interface ListScopeFilter {
  idDoctor?: number;
  idPaciente?: number;
}

/**
 * Listing scope: medico and paciente see only their own citas (the filter is
 * pinned to them; asking for someone else's is 403); secretaria and admin see
 * all. Decision: secretaria may pass `fecha` and the other filters too, and
 * `fecha` is optional for her (docs/citas-core.md, "Listing scope").
 */
export function scopeListFilter<F extends ListScopeFilter>(p: Principal, filter: F): F {
  if (p.rol === 'medico') {
    if (p.idDoctor === undefined) throw new ForbiddenError('Su usuario no está vinculado a ningún médico.');
    if (filter.idDoctor !== undefined && filter.idDoctor !== p.idDoctor) {
      throw new ForbiddenError('Un médico solo puede consultar sus propias citas.');
    }
    return { ...filter, idDoctor: p.idDoctor };
  }
  if (p.rol === 'paciente') {
    if (p.idPaciente === undefined) throw new ForbiddenError('Su usuario no está vinculado a ningún paciente.');
    if (filter.idPaciente !== undefined && filter.idPaciente !== p.idPaciente) {
      throw new ForbiddenError('Un paciente solo puede consultar sus propias citas.');
    }
    return { ...filter, idPaciente: p.idPaciente };
  }
  return filter;
}
