import type { EstadoPaciente, Patient } from '../../core/domain/patient';

/** A row of `patients`, as both SqlitePatients and PgPatients read it (nombre_norm and telefono_norm are for filters only). */
export interface PatientRow {
  id: number;
  id_user: number;
  nombre: string;
  telefono: string;
  estado: EstadoPaciente;
}

export function toPatient(row: PatientRow): Patient {
  return { id: row.id, idUser: row.id_user, nombre: row.nombre, telefono: row.telefono, estado: row.estado };
}
