import type { Cita } from './types.js';

/**
 * Where a cita stands against the page's clock (app.now, the server's
 * time): it has started once its fecha is reached. The one line between a
 * person's coming citas and her past ones.
 */
const started = (c: Cita, now: number): boolean => Date.parse(c.fecha) <= now;

/**
 * A person's coming citas, earliest first: the ones that still hold a slot
 * (Programada, Confirmada) and have not started by the page's clock. Mis
 * citas' upcoming list, and the citas of a patient reception looks up in
 * Pacientes.
 */
export function comingCitas(citas: Cita[], now: number): Cita[] {
  return citas
    .filter((c) => (c.estado === 'Programada' || c.estado === 'Confirmada') && !started(c, now))
    .sort((a, b) => Date.parse(a.fecha) - Date.parse(b.fecha));
}

/**
 * A patient's past citas, newest first: every one that started before the
 * page's clock, whatever became of it (Atendida, No asistió, Cancelada):
 * the visits a cita's panel recalls (previous-visits.ts).
 */
export function pastCitas(citas: Cita[], now: number): Cita[] {
  return citas.filter((c) => started(c, now)).sort((a, b) => Date.parse(b.fecha) - Date.parse(a.fecha));
}
