import type { FieldProblem, NotFoundError } from './errors';
import { recordNotFound } from './missing-record';
import { invalidFields } from './field-problems';
import { requiredText, searchKey } from './text';

export interface Doctor {
  id: number;
  idUser: number;
  nombre: string;
  especialidad: string;
  activo: boolean;
}

export interface DoctorFields {
  nombre: string;
  especialidad: string;
}

export type NewDoctor = Omit<Doctor, 'id'>;

export const NOMBRE_DOCTOR_MAX = 120;
/** The longest especialidad admin stores, and so the longest any service may ask admin about. */
export const ESPECIALIDAD_MAX = 80;

/** Checks and cleans whichever doctor fields are present (create passes all, PATCH a subset). */
export function cleanDoctorFields<T extends Partial<DoctorFields>>(fields: T): T {
  const problems: FieldProblem[] = [];
  const out = { ...fields };
  if (fields.nombre !== undefined) out.nombre = requiredText(fields.nombre, 'nombre', NOMBRE_DOCTOR_MAX, problems);
  if (fields.especialidad !== undefined) out.especialidad = requiredText(fields.especialidad, 'especialidad', ESPECIALIDAD_MAX, problems);
  if (problems.length) throw invalidFields(problems);
  return out;
}

/**
 * What an especialidad filter compares: the whole especialidad, as `q`'s
 * search key (core/domain/text.ts), so "odontopediatria" and
 * "ODONTOPEDIATRÍA" both name "Odontopediatría". Still the whole text, not
 * a part of it. The storage adapters keep it in `especialidad_norm`, since
 * neither engine folds accents (and SQLite not even non-ASCII case).
 */
export function especialidadKey(especialidad: string): string {
  return searchKey(especialidad);
}

/** Whether a doctor's stored especialidad is the one asked for (`especialidadKey` on both). */
export function isEspecialidad(stored: string, asked: string): boolean {
  return especialidadKey(stored) === especialidadKey(asked);
}

export const doctorNotFound = (id: number): NotFoundError => recordNotFound('doctor', id);
