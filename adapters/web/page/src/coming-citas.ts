import type { Cita } from './types.js';

/**
 * A person's coming citas, earliest first: the ones that still hold a slot
 * (Programada, Confirmada) and have not started by the page's clock
 * (app.now, the server's time). Mis citas' upcoming list, and the citas of a
 * patient reception looks up in Pacientes.
 */
export function comingCitas(citas: Cita[], now: number): Cita[] {
  return citas
    .filter((c) => (c.estado === 'Programada' || c.estado === 'Confirmada') && Date.parse(c.fecha) > now)
    .sort((a, b) => Date.parse(a.fecha) - Date.parse(b.fecha));
}
