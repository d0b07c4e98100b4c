import type { App } from './app.js';
import { comingCitas } from './coming-citas.js';
import { centerName } from './directory.js';
import type { DayCitas } from './doctor-day-citas.js';
import { button, h } from './dom.js';
import { longDay, wall } from './format.js';
import { phoneText } from './phone-text.js';
import { horaText } from './repeated-hour.js';
import type { Cita, Conflicto, Paciente } from './types.js';
import { openInAgenda } from './views/open-in-agenda.js';

/**
 * The citas a doctor's new absence (or schedule) left in place, which
 * reception must call one by one: remembered per doctor, each by its day,
 * for as long as the page is open, so that coming back from the agenda
 * (Ver en la agenda, then Cambiar or Cancelar there) still shows what is
 * left. Which citas those are is the API's answer (`conflictos`); whether
 * one is still to call is the cita as it now reads in its day's citas
 * (doctor-day-citas.ts): one cancelled or changed since, or already
 * started, drops off the list (comingCitas).
 */
const toCall = new Map<number, Map<number, string>>();

export function rememberToCall(idDoctor: number, conflictos: Pick<Conflicto, 'id_cita' | 'fecha'>[]): void {
  if (conflictos.length === 0) return;
  const mine = toCall.get(idDoctor) ?? new Map<number, string>();
  for (const c of conflictos) mine.set(c.id_cita, wall(c.fecha).day);
  toCall.set(idDoctor, mine);
}

/** The days of the citas still remembered to call, for the draw to read with the rest of the doctor's days. */
export const daysToCall = (idDoctor: number): string[] => [...(toCall.get(idDoctor)?.values() ?? [])];

/**
 * "Citas que llamar", from the doctor's citas of their days (`read`, which
 * holds daysToCall's days); null once nothing is left to call. A cita whose
 * day cannot be read now stays on the list for the next draw.
 */
export async function citasToCall(app: App, idDoctor: number, read: DayCitas): Promise<HTMLElement | null> {
  const ids = toCall.get(idDoctor);
  if (!ids?.size) return null;
  const citas: Cita[] = [];
  for (const [id, day] of ids) {
    const ofDay = read.get(day);
    if (!ofDay) continue;
    const cita = ofDay.find((c) => c.id_cita === id);
    if (cita) citas.push(cita);
    else ids.delete(id);
  }
  const left = comingCitas(citas, app.now());
  for (const c of citas) if (!left.includes(c)) ids.delete(c.id_cita);
  if (left.length === 0) return null;
  const una = left.length === 1;
  return citasTable(app, left, {
    caption: `Citas que llamar: ${una ? 'queda 1, reservada' : `quedan ${left.length}, reservadas`} donde el doctor ya no atiende`,
    className: 'por-llamar',
  });
}

/**
 * A list of a doctor's citas to act on: each one by day and hour, with the
 * patient's name and phone (the patients in one read), its center and
 * motivo, and Ver en la agenda to open its panel. Citas que llamar, and the
 * citas inside an absence (Mis ausencias), are this one table.
 */
export async function citasTable(app: App, citas: Cita[], { caption, className }: { caption: string; className: string }): Promise<HTMLElement> {
  const pacientes = await app.directory.pacientes(citas.map((c) => c.id_paciente)).catch(() => new Map<number, Paciente>());
  // Where: a doctor who works at several centers leaves citas at each, and the caller asks which clinic.
  const centros = await Promise.all(citas.map((c) => app.directory.centro(c.id_centro).catch(() => undefined)));
  const rows = citas.map((c, i) => {
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
  return h(
    'table',
    { class: className },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ['Día y hora', 'Paciente', 'Teléfono', 'Centro', 'Motivo', 'Acciones'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows),
  );
}
