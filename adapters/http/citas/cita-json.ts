import type { Cita, EstadoCita } from '../../../core/domain/appointment';
import { DEFAULT_CLINIC_TIME_ZONE, formatClinicDateTime } from '../../../core/domain/clinic-time';

/**
 * A cita with the contract's field names and its start as ISO 8601 with the
 * clinic's offset. Optional links appear only when set. The HTTP edge and
 * the notification payloads both use it, so a field is named in one place.
 */
export interface CitaJson {
  id_cita: number;
  fecha: string;
  duracion_min: number;
  motivo: string;
  estado: EstadoCita;
  id_paciente: number;
  id_doctor: number;
  id_centro: number;
  id_user_registrado: number;
  id_cita_anterior?: number;
  id_cita_nueva?: number;
  motivo_cancelacion?: string;
}

export function citaJson(cita: Cita, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): CitaJson {
  const out: CitaJson = {
    id_cita: cita.id,
    fecha: formatClinicDateTime(cita.inicio, timeZone),
    duracion_min: cita.duracionMin,
    motivo: cita.motivo,
    estado: cita.estado,
    id_paciente: cita.idPaciente,
    id_doctor: cita.idDoctor,
    id_centro: cita.idCentro,
    id_user_registrado: cita.idUserRegistrado,
  };
  if (cita.idCitaAnterior !== undefined) out.id_cita_anterior = cita.idCitaAnterior;
  if (cita.idCitaNueva !== undefined) out.id_cita_nueva = cita.idCitaNueva;
  if (cita.motivoCancelacion !== undefined) out.motivo_cancelacion = cita.motivoCancelacion;
  return out;
}
