import type { Cita, EstadoCita, NewCita } from '../domain/appointment';
import type { Page, PageRequest } from '../domain/pagination';

/** Citas whose interval overlaps [desde, hasta), for one doctor or one patient. */
export interface OverlapQuery {
  idDoctor?: number;
  idPaciente?: number;
  desde: Date;
  hasta: Date;
  /** Citas that do not count (the one being changed). */
  excludeIds?: number[];
}

/**
 * List filter. `desde`/`hasta` select citas whose START lies in
 * [desde, hasta) (a clinic day's bounds from clinic-time.ts dayBounds).
 */
export interface AppointmentFilter {
  idDoctor?: number;
  idPaciente?: number;
  idCentro?: number;
  desde?: Date;
  hasta?: Date;
  estado?: EstadoCita;
}

/**
 * The citas repository. Synchronous on purpose: use cases call it inside
 * UnitOfWork.run, where nothing may await (see core/ports/unit-of-work.ts).
 */
export interface Appointments {
  byId(id: number): Cita | undefined;
  /**
   * Stores a new cita and returns it with its id. Like update, refuses (DomainError DOCTOR_OCUPADO /
   * PACIENTE_OCUPADO) a write that would leave two overlapping active citas of one doctor or patient:
   * the use cases check first, the store is the last line of defence.
   */
  add(cita: NewCita): Cita;
  /** Replaces the stored cita with the same id (estado, links, motivoCancelacion change; nothing else does). */
  update(cita: Cita): void;
  /** ACTIVE citas (Programada/Confirmada) overlapping [desde, hasta), ordered by inicio. */
  activeOverlapping(query: OverlapQuery): Cita[];
  /** Active citas of the patient starting strictly after `now`. */
  countFutureActive(idPaciente: number, now: Date): number;
  /** Ordered by inicio, then id. */
  list(filter: AppointmentFilter, page: PageRequest): Page<Cita>;
}
