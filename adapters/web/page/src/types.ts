/** The shapes the page reads, as the API contract writes them. */
export type Rol = 'admin' | 'medico' | 'secretaria' | 'paciente';

export interface User {
  id_user: number;
  username: string;
  rol: Rol;
  id_doctor?: number;
  id_paciente?: number;
}

/**
 * GET /api/sesion: who is logged in, and the clinic's now (the web service's
 * clock). The answer's `hoy` is left out on purpose: it is the day at login,
 * and a page left open across midnight must not use it; app.today() works
 * the day out from `ahora` and the time since (clock.ts).
 */
export interface Session {
  user: User;
  /** The name a doctor or a patient goes by (her record's), for the header; absent for an admin or a secretaria. */
  nombre?: string;
  expira: string;
  ahora: string;
  zona_horaria: string;
  /**
   * Whether this person may book citas (core's access table, worked out by
   * the web service with the clinic's RESERVA_SECRETARIA): without it the
   * page offers no Reservar entry and no bookable free slot.
   */
  puede_reservar: boolean;
  /** Whether reception books in this clinic (RESERVA_SECRETARIA, by core's access table): who-books.ts names who does. */
  reserva_recepcion: boolean;
  /** What each field may hold, as core judges it (adapters/web/field-rules.ts): the page writes no such number of its own. */
  limites: Limites;
  /** The password policy in words (core's PASSWORD_RULE): the description of every field where a new password is chosen. */
  regla_contrasena: string;
  /**
   * The weekdays (1 = Monday) a doctor without any schedule works and can
   * be booked (core's DIAS_JORNADA): the days a doctor's week always shows.
   */
  dias_jornada: number[];
  /** Each estado as people say it (core's ESTADO_CITA_LABEL, the words its refusals use): what the page shows for a cita's estado. */
  estados: Record<Estado, string>;
}

/** Longest lengths (characters) of the page's text fields, and a schedule's cita length in minutes (least, most, step), keyed by the page's field. */
export interface Limites {
  motivo: number;
  motivo_cancelacion: number;
  motivo_ausencia: number;
  nombre_paciente: number;
  nombre_doctor: number;
  especialidad: number;
  nombre_centro: number;
  direccion: number;
  username: number;
  password: number;
  duracion_cita_min_min: number;
  duracion_cita_max_min: number;
  /** A schedule's cita length is a multiple of it: the input's step. */
  duracion_cita_paso_min: number;
}

export type Estado = 'Programada' | 'Confirmada' | 'Atendida' | 'NoAsistio' | 'Cancelada';

export interface Cita {
  id_cita: number;
  fecha: string;
  duracion_min: number;
  motivo: string;
  estado: Estado;
  id_paciente: number;
  id_doctor: number;
  id_centro: number;
  id_user_registrado: number;
  id_cita_anterior?: number;
  id_cita_nueva?: number;
  motivo_cancelacion?: string;
}

export interface Doctor {
  id_doctor: number;
  id_user: number;
  nombre: string;
  especialidad: string;
  activo: boolean;
}

export interface Paciente {
  id_paciente: number;
  id_user: number;
  nombre: string;
  telefono: string;
  estado: 'ACTIVO' | 'INACTIVO';
}

export interface Centro {
  id_centro: number;
  nombre: string;
  direccion: string;
  activo: boolean;
}

export interface Hueco {
  inicio: string;
  fin: string;
  /** null when the doctor has no schedule yet: any center. */
  id_centro: number | null;
}

export interface Disponibilidad {
  id_doctor: number;
  fecha: string;
  huecos: Hueco[];
  ocupado: { inicio: string; fin: string }[];
}

export interface HuecoProximo extends Hueco {
  id_doctor: number;
  nombre_doctor: string;
}

export interface Historial {
  cuando: string;
  id_user: number;
  rol: Rol;
  accion: string;
  antes: Cita | null;
  despues: Cita | null;
}

export interface Franja {
  dia: number;
  desde: string;
  hasta: string;
}

export interface Horario {
  id_centro: number;
  franjas: Franja[];
  duracion_cita_min: number;
}

/**
 * A cita already booked that a new schedule or absence leaves outside the
 * doctor's time (PUT /horario, POST /ausencias answer `conflictos`): kept as
 * it is, for the staff to move.
 */
export interface Conflicto {
  id_cita: number;
  fecha: string;
  detalle: string;
}

export interface Ausencia {
  id_ausencia: number;
  id_doctor: number;
  desde: string;
  hasta: string;
  /** null for whoever may not read it (the API decides: admin, secretaria and that doctor may). */
  motivo?: string | null;
}
