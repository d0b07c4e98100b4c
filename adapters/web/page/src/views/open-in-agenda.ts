import type { App } from '../app.js';
import { wall } from '../format.js';
import type { Cita } from '../types.js';
import { agendaRoute } from './agenda.js';

/**
 * Opens `cita` in the agenda of its day and center, its panel open (Cambiar,
 * Cancelar, Confirmar are there, as anywhere else): where a list of citas
 * outside the agenda (a patient's in Pacientes, Por confirmar) sends a press
 * on one of them.
 */
export function openInAgenda(app: App, cita: Cita): void {
  app.go(agendaRoute({ centro: String(cita.id_centro), doctor: '', fecha: wall(cita.fecha).day, vista: 'dia', canceladas: false }), { cita });
}
