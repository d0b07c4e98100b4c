import type { App } from './app.js';
import { centerName, doctorName } from './directory.js';
import { longDay, wall } from './format.js';
import { horaText } from './repeated-hour.js';
import type { Cita } from './types.js';
import { whenWords } from './when-words.js';

/**
 * A cita in a line of words, as a list of a patient's citas says it: its
 * day and hour, its doctor and its center by name ("martes, 8 de junio de
 * 2027, 10:00 · Dra. Ana Ruiz · Clínica Centro"). The names come from the
 * page's directory, read once for all rows, never one request per row.
 */
export async function whenWithWhomWhere(app: App, c: Cita): Promise<string> {
  const [doctor, centro] = await Promise.all([app.directory.doctor(c.id_doctor), app.directory.centro(c.id_centro)]);
  return `${longDay(wall(c.fecha).day, app.today())}, ${horaText(c.fecha, app.session.zona_horaria)} · ${doctorName(doctor, c.id_doctor)} · ${centerName(centro, c.id_centro)}`;
}

/**
 * A cita just booked or changed, read back as reception reads it to the
 * caller: "el lunes, 7 de diciembre, a las 10:00, con Dra. Ana Ruiz en
 * Clínica Centro", the day by the page's one rule (whenWords). A failed read
 * of the names says them by number: the cita is booked either way.
 */
export async function citaReadBack(app: App, c: Cita): Promise<string> {
  const [doctor, centro] = await Promise.all([app.directory.doctor(c.id_doctor), app.directory.centro(c.id_centro)]).catch(() => [undefined, undefined]);
  return `${whenWords(c.fecha, app.session.zona_horaria, app.today())}, con ${doctorName(doctor, c.id_doctor)} en ${centerName(centro, c.id_centro)}`;
}
