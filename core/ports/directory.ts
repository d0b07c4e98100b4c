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
 * (the caller's bearer token) so the directory applies its own read rules;
 * the core never looks inside it.
 */
export interface Caller {
  principal: Principal;
  credential: string;
}

/**
 * Lookups answer `undefined` when the record does not exist. When the
 * directory cannot be asked (down, slow, answering nonsense) they reject with
 * DependencyUnavailableError, never with "does not exist".
 */
export interface Directory {
  doctor(id: number, caller: Caller): Promise<DoctorCard | undefined>;
  patient(id: number, caller: Caller): Promise<PatientCard | undefined>;
  center(id: number, caller: Caller): Promise<CenterCard | undefined>;
  /** Active doctors of a specialty (for "first free slots" searches). */
  doctorsBySpecialty(especialidad: string, caller: Caller): Promise<DoctorCard[]>;
}
