import type { Estado, Franja, Session } from './types.js';

/**
 * Dates and times as a Spanish front desk reads them. The APIs answer in the
 * clinic's time zone with its offset ("2027-06-07T10:00:00+02:00"): the
 * wall-clock part of that text IS the clinic's time, so it is read as
 * written, whatever the browser's own zone.
 */
export interface Wall {
  /** YYYY-MM-DD, the clinic day. */
  day: string;
  /** HH:MM, the clinic time. */
  time: string;
  /** Minutes since the clinic day's midnight. */
  minutes: number;
}

export function wall(iso: string): Wall {
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 16);
  const [hh, mm] = time.split(':').map(Number);
  return { day, time, minutes: hh * 60 + mm };
}

/**
 * Midnight UTC of a calendar day (month 1-12; days and months past their end
 * roll over), in ms. Date.UTC would read years 0-99 as 1900-1999;
 * setUTCFullYear takes every year as written. The twin of core/domain/
 * clinic-time.ts's utcDay: the page is built on its own (tsconfig.page.json,
 * rootDir adapters/web/page/src) and cannot import core, so a change to one
 * is a change to both.
 */
function utcDay(year: number, month: number, day: number): number {
  return new Date(0).setUTCFullYear(year, month - 1, day);
}

function utcDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(utcDay(y, m, d));
}

const LONG = new Intl.DateTimeFormat('es-ES', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const SHORT = new Intl.DateTimeFormat('es-ES', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const LONG_NO_YEAR = new Intl.DateTimeFormat('es-ES', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });

/**
 * `day` as `format` writes it, its year with four digits as the day itself
 * has it (YYYY): Intl writes the year 27 as "27", which reads as 2027 or 1927.
 */
function says(format: Intl.DateTimeFormat, day: string): string {
  return format
    .formatToParts(utcDate(day))
    .map((part) => (part.type === 'year' ? part.value.padStart(4, '0') : part.value))
    .join('');
}

/**
 * A day in words, the one way the page writes one (titles, panels, lists,
 * sentences): "jueves, 3 de diciembre" in the year of `today` (the clinic's,
 * app.today(), on the services' clock), "lunes, 7 de junio de 2027" in any
 * other: the year is said only where it tells her something.
 */
export const longDay = (day: string, today: string): string => says(day.slice(0, 4) === today.slice(0, 4) ? LONG_NO_YEAR : LONG, day);
/** "lun, 7 jun" */
export const shortDay = (day: string): string => says(SHORT, day);

/**
 * "Hoy" or "Mañana" when `day` is the clinic's `today` (app.today()) or the
 * day after it, else undefined: the near days a person should not have to
 * work out from a date (a patient's cita, the day Por confirmar reads).
 */
export function nearDay(day: string, today: string): 'Hoy' | 'Mañana' | undefined {
  if (day === today) return 'Hoy';
  if (day === addDays(today, 1)) return 'Mañana';
  return undefined;
}

/**
 * A day as a person reading about an appointment or a free slot needs it:
 * "Hoy, jueves, 3 de diciembre", "Mañana, viernes, 4 de diciembre", any
 * other day by longDay alone. The one way a cita's panel and the lists of
 * next free slots (Reservar, Próximos huecos) say its day.
 */
export function nearLongDay(day: string, today: string): string {
  const near = nearDay(day, today);
  return `${near ? `${near}, ` : ''}${longDay(day, today)}`;
}

export function addDays(day: string, n: number): string {
  const d = utcDate(day);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 1 = Monday ... 7 = Sunday */
export function isoWeekday(day: string): number {
  const dow = utcDate(day).getUTCDay();
  return dow === 0 ? 7 : dow;
}

/**
 * The first day after `day` whose weekday (1 = Monday) is one of `dias`:
 * the clinic's next working day by its jornada (the session's dias_jornada,
 * core's DIAS_JORNADA), so Friday's next is Monday. Any day at all when
 * `dias` names none, rather than looping for ever.
 */
export function nextDayOf(day: string, dias: readonly number[]): string {
  for (let n = 1; n <= 7; n += 1) if (dias.includes(isoWeekday(addDays(day, n)))) return addDays(day, n);
  return addDays(day, 1);
}

/** The Monday of the week a day is in. */
export const mondayOf = (day: string): string => addDays(day, 1 - isoWeekday(day));

export const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export const DIAS = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'];

const andList = new Intl.ListFormat('es', { type: 'conjunction' });

/**
 * A doctor's week as a person reads it: each day named once, its franjas
 * in the order of the day ("martes 09:00–14:00 y 16:00–20:00; jueves …"),
 * not a day repeated for each franja of a split shift.
 */
export function franjasWords(franjas: readonly Franja[]): string {
  const byDay = new Map<number, string[]>();
  for (const f of [...franjas].sort((a, b) => a.dia - b.dia || a.desde.localeCompare(b.desde))) {
    byDay.set(f.dia, [...(byDay.get(f.dia) ?? []), `${f.desde}–${f.hasta}`]);
  }
  return [...byDay].map(([dia, horas]) => `${DIAS[dia - 1]} ${andList.format(horas)}`).join('; ');
}

/**
 * The estado as a person reads it (the API's NoAsistio is "No asistió"), in
 * core's words, which the session carries (`estados`): the page cannot
 * import core, and its refusals say the same words.
 */
export function estadoLabel(session: Pick<Session, 'estados'>, estado: Estado): string {
  return session.estados[estado] ?? estado;
}

/** A patient's estado as the admin reads it in Pacientes: Dar de baja makes her INACTIVO. */
export const ESTADO_PACIENTE_LABEL: Record<string, string> = { ACTIVO: 'Activo', INACTIVO: 'De baja' };

/** A role as the clinic names it (the API's secretaria is "Secretaría"): the header's and the Usuarios list's words. */
export const ROL_LABEL: Record<string, string> = { admin: 'Administración', secretaria: 'Secretaría', medico: 'Médico', paciente: 'Paciente' };

/**
 * A phone as reception reads it to dial it: "+34 612 345 678", "612 345
 * 678". Only for the eye: what admin stores (+34 and 9 digits,
 * core/domain/patient.ts) is what a form holds and sends. A phone of
 * another shape is shown as it is.
 */
export function phone(telefono: string): string {
  const match = /^(\+34)?(\d{3})(\d{3})(\d{3})$/.exec(telefono);
  return match ? match.slice(1).filter(Boolean).join(' ') : telefono;
}

