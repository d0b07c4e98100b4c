import type { Cita } from '../domain/appointment';
import type { Rol } from '../domain/roles';

export const ACCIONES_CITA = ['creada', 'cancelada', 'reprogramada', 'confirmada', 'atendida', 'no_asistio'] as const;
export type AccionCita = (typeof ACCIONES_CITA)[number];

/** One change of a cita: who did what, and the cita before and after. */
export interface HistoryEntry {
  idCita: number;
  cuando: Date;
  idUser: number;
  rol: Rol;
  accion: AccionCita;
  /** null when the cita did not exist before (accion 'creada'). */
  antes: Cita | null;
  despues: Cita | null;
}

/** Append-only log of every write to a cita, written in the same unit of work as the change. */
export interface AppointmentHistory {
  record(entry: HistoryEntry): Promise<void>;
  /** Oldest first. */
  listFor(idCita: number): Promise<HistoryEntry[]>;
}
