import type { FieldProblem, NotFoundError } from './errors';
import { recordNotFound } from './missing-record';
import { invalidFields } from './field-problems';
import { requiredText } from './text';

export interface Center {
  id: number;
  nombre: string;
  direccion: string;
  activo: boolean;
}

export interface CenterFields {
  nombre: string;
  direccion: string;
}

export type NewCenter = Omit<Center, 'id'>;

export const NOMBRE_CENTRO_MAX = 120;
export const DIRECCION_MAX = 200;

export function cleanCenterFields<T extends Partial<CenterFields>>(fields: T): T {
  const problems: FieldProblem[] = [];
  const out = { ...fields };
  if (fields.nombre !== undefined) out.nombre = requiredText(fields.nombre, 'nombre', NOMBRE_CENTRO_MAX, problems);
  if (fields.direccion !== undefined) out.direccion = requiredText(fields.direccion, 'direccion', DIRECCION_MAX, problems);
  if (problems.length) throw invalidFields(problems);
  return out;
}

export const centerNotFound = (id: number): NotFoundError => recordNotFound('centro', id);
