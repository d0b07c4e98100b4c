import type { Doctor, NewDoctor } from '../domain/doctor';
import type { Page, PageRequest } from '../domain/pagination';

export interface DoctorFilter {
  /** Part of the name, compared without case or accents. */
  q?: string;
  /** The whole specialty, compared without case or accents (especialidadKey in core/domain/doctor.ts). */
  especialidad?: string;
  activo?: boolean;
}

/** A doctor and its medico user are written in one UnitOfWork, like Users. Lists are ordered by id. */
export interface Doctors {
  add(doctor: NewDoctor): Promise<Doctor>;
  byId(id: number): Promise<Doctor | undefined>;
  byUserId(idUser: number): Promise<Doctor | undefined>;
  list(filter: DoctorFilter, page: PageRequest): Promise<Page<Doctor>>;
  /** Saves every field but id and idUser. */
  update(doctor: Doctor): Promise<Doctor>;
}
