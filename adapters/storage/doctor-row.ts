import type { Doctor } from '../../core/domain/doctor';
import { flagOf, type StoredFlag } from './column-values';

/** A row of `doctors`, as both SqliteDoctors and PgDoctors read it (nombre_norm and especialidad_norm are for filters only). */
export interface DoctorRow {
  id: number;
  id_user: number;
  nombre: string;
  especialidad: string;
  activo: StoredFlag;
}

export function toDoctor(row: DoctorRow): Doctor {
  return { id: row.id, idUser: row.id_user, nombre: row.nombre, especialidad: row.especialidad, activo: flagOf(row.activo) };
}
