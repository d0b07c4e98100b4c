import type { Cita, EstadoCita } from '../../core/domain/appointment';
import { instantOf, type StoredInstant } from './column-values';

/** A row of `citas`, as both SqliteAppointments and PgAppointments read it. */
export interface CitaRow {
  id_cita: number;
  inicio: StoredInstant;
  fin: StoredInstant;
  duracion_min: number;
  motivo: string;
  estado: EstadoCita;
  id_paciente: number;
  id_doctor: number;
  id_centro: number;
  id_user_registrado: number;
  id_cita_anterior: number | null;
  id_cita_nueva: number | null;
  motivo_cancelacion: string | null;
}

/** `fin` is stored for the overlap queries only: the domain derives it from inicio and duracion. */
export function citaOfRow(r: CitaRow): Cita {
  const c: Cita = {
    id: r.id_cita,
    inicio: instantOf(r.inicio),
    duracionMin: r.duracion_min,
    motivo: r.motivo,
    estado: r.estado,
    idPaciente: r.id_paciente,
    idDoctor: r.id_doctor,
    idCentro: r.id_centro,
    idUserRegistrado: r.id_user_registrado,
  };
  if (r.id_cita_anterior !== null) c.idCitaAnterior = r.id_cita_anterior;
  if (r.id_cita_nueva !== null) c.idCitaNueva = r.id_cita_nueva;
  if (r.motivo_cancelacion !== null) c.motivoCancelacion = r.motivo_cancelacion;
  return c;
}
