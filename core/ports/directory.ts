import type { Principal } from '../domain/roles';

/**
 * What the citas service knows of the people and places it books, as the
 * admin service (the directory's owner) reports them now.
 */
export interface DoctorCard {
  id: number;
  nombre: string;
  especialidad: string;
  activo: boolean;
}

export interface PatientCard {
  id: number;
  nombre: string;
  estado: 'ACTIVO' | 'INACTIVO';
}

export interface CenterCard {
  id: number;
  nombre: string;
  activo: boolean;
}

/**
 * On whose behalf a lookup is made. The remote adapter forwards `credential`
 * (the caller's bearer token) so the directory applies its own read rules,
 * and `requestId` (the id the caller's request is logged under) so the
 * directory logs the lookup under it too; the core never looks inside either.
 */
export interface Caller {
  principal: Principal;
  credential: string;
  requestId?: string;
}

/** The records a use case names: any of a doctor, a center and a patient. */
export interface Wanted {
  idDoctor?: number;
  idCentro?: number;
  idPaciente?: number;
}

/** What the directory says of each record asked for; `undefined` when it does not exist. */
export interface Found {
  doctor?: DoctorCard;
  center?: CenterCard;
  patient?: PatientCard;
}

/**
 * A lookup answers `undefined` for a record that does not exist, or that the
 * caller may not see (a patient asking for someone else's record): the same
 * thing, on purpose. When the directory cannot be asked (down, slow,
 * answering nonsense) it rejects with DependencyUnavailableError, never with
 * "does not exist".
 */
export interface Directory {
  /**
   * Every record named in `wanted`, as the directory says now, in ONE
   * question: a booking needs its doctor, center and patient live, and one
   * round trip to the admin service instead of three is most of a booking's
   * cost outside its own transaction (BENCHMARKS.md). Asks nothing when
   * nothing is named.
   */
  lookUp(wanted: Wanted, caller: Caller): Promise<Found>;
  /** Active doctors of a specialty, compared as admin's filter compares it (isEspecialidad), for "first free slots" searches. */
  doctorsBySpecialty(especialidad: string, caller: Caller): Promise<DoctorCard[]>;
}
