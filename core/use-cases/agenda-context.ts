import { type Cita, finOf } from '../domain/appointment';
import { DEFAULT_CLINIC_TIME_ZONE } from '../domain/clinic-time';
import { ForbiddenError } from '../domain/errors';
import type { Principal } from '../domain/roles';
import { type Franja, JORNADA_POR_DEFECTO, parseJornada } from '../domain/schedule';
import { type AgendaViolation, agendaViolation } from '../domain/slots';
import type { Absences, Schedules } from '../ports/agenda';
import type { Appointments } from '../ports/appointments';
import type { Clock } from '../ports/clock';
import type { Directory } from '../ports/directory';
import type { UnitOfWork } from '../ports/unit-of-work';

/** What the agenda use cases are built from (each uses the part it needs). */
export interface AgendaPorts {
  schedules: Schedules;
  absences: Absences;
  appointments: Appointments;
  directory: Directory;
  uow: UnitOfWork;
  clock: Clock;
}

/** Configuration: CLINIC_TIME_ZONE, JORNADA, and how far "próximos huecos" looks ahead. */
export interface AgendaPolicy {
  timeZone: string;
  /** Franjas of a doctor without any schedule (JORNADA, Monday to Friday). */
  jornada: Franja[];
  /** Days searched by find-next-slots from the first day asked for. */
  searchDays: number;
}

export const DEFAULT_AGENDA_POLICY: AgendaPolicy = {
  timeZone: DEFAULT_CLINIC_TIME_ZONE,
  jornada: parseJornada(JORNADA_POR_DEFECTO),
  searchDays: 30,
};

export function agendaPolicyOf(partial: Partial<AgendaPolicy> = {}): AgendaPolicy {
  return { ...DEFAULT_AGENDA_POLICY, ...partial };
}

/** Schedules are set by the clinic's staff, not by doctors or patients. */
export function assertCanSetSchedule(who: Principal): void {
  if (who.rol !== 'admin' && who.rol !== 'secretaria') {
    throw new ForbiddenError('Solo administración o secretaría pueden definir el horario de un doctor.');
  }
}

/** Absences: staff, or the doctor for themself. */
export function assertCanManageAbsences(who: Principal, idDoctor: number): void {
  if (who.rol === 'admin' || who.rol === 'secretaria') return;
  if (who.rol === 'medico' && who.idDoctor === idDoctor) return;
  throw new ForbiddenError(
    who.rol === 'medico'
      ? 'Un doctor solo puede gestionar sus propias ausencias.'
      : 'Solo administración, secretaría o el propio doctor pueden gestionar ausencias.',
  );
}

/** Beyond any cita anyone books: "every future cita" as an interval end. */
const END_OF_TIME = new Date('9999-12-31T00:00:00Z');

/** A cita already booked that the agenda, as it is now, would not accept. */
export interface Conflicto {
  cita: Cita;
  violation: AgendaViolation;
}

/**
 * Active citas of the doctor that have not started and now break the agenda
 * (outside every franja, or during an absence). Called after a schedule or
 * absence changed, in the same transaction; it reports, it never changes a cita.
 */
export function conflictsOf(
  ports: Pick<AgendaPorts, 'appointments' | 'schedules' | 'absences'>,
  idDoctor: number,
  now: Date,
  timeZone: string,
  only?: { desde: Date; hasta: Date },
): Conflicto[] {
  const window = only ?? { desde: now, hasta: END_OF_TIME };
  const citas = ports.appointments
    .activeOverlapping({ idDoctor, desde: window.desde, hasta: window.hasta })
    .filter((c) => c.inicio.getTime() > now.getTime());
  if (citas.length === 0) return [];
  const horarios = ports.schedules.forDoctor(idDoctor);
  const out: Conflicto[] = [];
  for (const cita of citas) {
    const fin = finOf(cita);
    const violation = agendaViolation({
      zone: timeZone,
      horarios,
      ausencias: ports.absences.overlapping(idDoctor, cita.inicio, fin),
      idCentro: cita.idCentro,
      inicio: cita.inicio,
      fin,
    });
    if (violation) out.push({ cita, violation });
  }
  return out;
}
