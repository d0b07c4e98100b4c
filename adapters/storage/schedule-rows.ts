import { type Franja, type Horario, sortFranjas } from '../../core/domain/schedule';

/** A row of `horarios` as SqliteSchedules and PgSchedules select it. */
export interface HorarioRow {
  id_doctor: number;
  id_centro: number;
  duracion_cita_min: number;
}

/** A row of `franjas` as SqliteSchedules and PgSchedules select it (the doctor's, every centro). */
export interface FranjaRow {
  id_centro: number;
  dia: number;
  desde: string;
  hasta: string;
}

/** A doctor's horarios, each with its own centro's franjas. */
export function horariosOf(horarios: HorarioRow[], franjas: FranjaRow[]): Horario[] {
  return horarios.map((h) => ({
    idDoctor: h.id_doctor,
    idCentro: h.id_centro,
    duracionCitaMin: h.duracion_cita_min,
    franjas: sortFranjas(franjas.filter((f) => f.id_centro === h.id_centro).map((f): Franja => ({ dia: f.dia, desde: f.desde, hasta: f.hasta }))),
  }));
}
