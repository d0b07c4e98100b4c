import { api } from './api.js';
import type { App } from './app.js';
import { comingCitas } from './coming-citas.js';
import { centerName } from './directory.js';
import { button, h } from './dom.js';
import { longDay, wall } from './format.js';
import { mapLimit } from './grid.js';
import { phoneText } from './phone-text.js';
import { horaText } from './repeated-hour.js';
import type { Cita, Paciente } from './types.js';
import { openInAgenda } from './views/open-in-agenda.js';

/**
 * The citas a doctor's new absence (or schedule) left in place, which
 * reception must call one by one: remembered per doctor for as long as the
 * page is open, so that coming back from the agenda (Ver en la agenda, then
 * Cambiar or Cancelar there) still shows what is left. Which citas those are
 * is the API's answer (`conflictos`); whether one is still to call is the
 * cita as it now reads: one cancelled or changed since, or already started,
 * drops off the list (comingCitas).
 */
const toCall = new Map<number, Set<number>>();

export function rememberToCall(idDoctor: number, ids: number[]): void {
  if (ids.length === 0) return;
  const mine = toCall.get(idDoctor) ?? new Set<number>();
  for (const id of ids) mine.add(id);
  toCall.set(idDoctor, mine);
}

/**
 * "Citas que llamar": each one by day and hour, with the patient's name and
 * phone (the patients in one read), its center and motivo, and Ver en la agenda to open
 * its panel; null once nothing is left to call. A cita that cannot be read
 * now stays on the list for the next draw.
 */
export async function citasToCall(app: App, idDoctor: number): Promise<HTMLElement | null> {
  const ids = toCall.get(idDoctor);
  if (!ids?.size) return null;
  const read = await mapLimit([...ids], 4, (id) => api<Cita>('GET', `/citas/citas/${id}`).catch(() => undefined));
  const citas = read.filter((c): c is Cita => c !== undefined);
  const left = comingCitas(citas, app.now());
  for (const c of citas) if (!left.includes(c)) ids.delete(c.id_cita);
  if (left.length === 0) return null;
  const pacientes = await app.directory.pacientes(left.map((c) => c.id_paciente)).catch(() => new Map<number, Paciente>());
  // Where: a doctor who works at several centers leaves citas at each, and the caller asks which clinic.
  const centros = await Promise.all(left.map((c) => app.directory.centro(c.id_centro).catch(() => undefined)));
  const rows = left.map((c, i) => {
    const paciente = pacientes.get(c.id_paciente);
    const nombre = paciente?.nombre ?? 'Paciente sin ficha';
    const hora = horaText(c.fecha, app.session.zona_horaria);
    const dia = longDay(wall(c.fecha).day, app.today());
    return h(
      'tr',
      { 'data-id': String(c.id_cita) },
      h('td', {}, `${dia}, ${hora}`),
      h('td', {}, nombre),
      h('td', {}, paciente ? phoneText(paciente.telefono) : ''),
      h('td', {}, centerName(centros[i], c.id_centro)),
      h('td', {}, c.motivo),
      h('td', {}, button('Ver en la agenda', () => openInAgenda(app, c), { 'aria-label': `Ver en la agenda la cita de ${nombre} del ${dia} a las ${hora}` })),
    );
  });
  const una = left.length === 1;
  return h(
    'table',
    { class: 'por-llamar' },
    h('caption', {}, `Citas que llamar: ${una ? 'queda 1, reservada' : `quedan ${left.length}, reservadas`} donde el doctor ya no atiende`),
    h('thead', {}, h('tr', {}, ['Día y hora', 'Paciente', 'Teléfono', 'Centro', 'Motivo', 'Acciones'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows),
  );
}
