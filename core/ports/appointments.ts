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
 * The citas repository. Inside UnitOfWork.run its calls join the transaction
 * (core/ports/unit-of-work.ts); outside, each call stands alone.
 */
export interface Appointments {
  byId(id: number): Promise<Cita | undefined>;
  /**
   * Stores a new cita and returns it with its id. Like update, refuses (DomainError DOCTOR_OCUPADO /
   * PACIENTE_OCUPADO) a write that would leave two overlapping active citas of one doctor or patient:
   * the use cases check first, the store is the last line of defence.
   */
  add(cita: NewCita): Promise<Cita>;
  /** Replaces the stored cita with the same id (estado, links, motivoCancelacion change; nothing else does). */
  update(cita: Cita): Promise<void>;
  /** ACTIVE citas (Programada/Confirmada) overlapping [desde, hasta), ordered by inicio. */
  activeOverlapping(query: OverlapQuery): Promise<Cita[]>;
  /** Active citas of the patient starting strictly after `now`. */
  countFutureActive(idPaciente: number, now: Date): Promise<number>;
  /** Ordered by inicio, then id. */
  list(filter: AppointmentFilter, page: PageRequest): Promise<Page<Cita>>;
}
