import { type FieldProblem, NotFoundError } from './errors';
import { invalidFields, requiredText } from './text';

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

export function doctorNotFound(id: number): NotFoundError {
  return new NotFoundError(`No existe el doctor ${id}.`);
}
