import type { Ausencia, NewAusencia } from '../domain/absence';
import type { Page, PageRequest } from '../domain/pagination';
import type { Horario } from '../domain/schedule';

/**
 * Doctors' weekly schedules, one per (doctor, center). The booking rule
 * reads them inside the booking's unit of work, like Appointments.
 */
export interface Schedules {
  /** Every schedule of the doctor (all centers), ordered by center. */
  forDoctor(idDoctor: number): Promise<Horario[]>;
  /** Replaces the doctor's schedule at that center; an empty `franjas` removes it. */
  replace(horario: Horario): Promise<void>;
}

export interface AbsenceFilter {
  /** Only absences ending after this instant: those not over at it (absence.ts, ausenciaTerminada). */
  desde?: Date;
  /** Only absences starting before this instant. */
  hasta?: Date;
}

export interface Absences {
  add(ausencia: NewAusencia): Promise<Ausencia>;
  byId(idDoctor: number, id: number): Promise<Ausencia | undefined>;
  /** False when there was no such absence of that doctor. */
  remove(idDoctor: number, id: number): Promise<boolean>;
  /** Absences of the doctor overlapping [desde, hasta), ordered by desde. */
  overlapping(idDoctor: number, desde: Date, hasta: Date): Promise<Ausencia[]>;
  /** Ordered by desde, then id. */
  list(idDoctor: number, filter: AbsenceFilter, page: PageRequest): Promise<Page<Ausencia>>;
}
