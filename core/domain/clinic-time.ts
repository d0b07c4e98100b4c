import { ValidationError } from './errors';

/**
 * The clinic's wall clock, in ONE place. Everything else in the code base
 * handles instants (Date) and compares them as instants; this module is the
 * only one that knows about time zones, and it uses Intl only (with the
 * offsets it reads remembered per hour, see toLocal).
 *
 * - An ISO 8601 datetime WITH an offset ("Z", "+02:00") is that instant.
 * - WITHOUT an offset it is a wall-clock time in the clinic's zone
 *   (IANA name, default Europe/Madrid):
 *   - a time that does not exist (spring-forward gap, e.g. 2026-03-29T02:30
 *     in Madrid) is refused with 422 VALIDACION naming the field;
 *   - a time that exists twice (autumn fall-back, e.g. 2026-10-25T02:30 in
 *     Madrid) is read as the EARLIER instant, i.e. with the earlier (summer)
 *     offset, +02:00. Deterministic, and what Temporal's default
 *     'compatible' disambiguation does. A client that means the second one
 *     sends the offset explicitly (2026-10-25T02:30:00+01:00).
 * - Output is ISO with the clinic offset at that instant:
 *   2026-03-30T10:00:00+02:00 (milliseconds only when not zero).
 */
export const DEFAULT_CLINIC_TIME_ZONE = 'Europe/Madrid';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface LocalDateTime {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of an instant in a zone, asked of Intl (the reference; see toLocal). */
function toLocalIntl(instant: Date, timeZone: string): LocalDateTime {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const ms = instant.getTime();
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
    millisecond: ((ms % 1000) + 1000) % 1000,
  };
}

/**
 * Midnight UTC of a calendar day (month 1-12; days and months past their end
 * roll over), in ms. Date.UTC would read years 0-99 as 1900-1999;
 * setUTCFullYear takes every year as written.
 */
function utcDay(year: number, month: number, day: number): number {
  return new Date(0).setUTCFullYear(year, month - 1, day);
}

/**
 * Zone offsets, remembered per UTC hour: a zone's offset changes a few times
 * a year, but asking Intl costs ~5 µs per reading, and a list of 20 citas,
 * its day bounds and a booking's checks make dozens of readings per request
 * (BENCHMARKS.md). For each hour the offset is read at its first and last
 * second; when both agree (every hour but the ones with a transition) any
 * instant inside it reads as instant + offset, which is exactly what Intl
 * answers. Hours with a transition, and instants outside years 1-9999, keep
 * asking Intl. Bounded: past MAX_CACHED_HOURS per zone the map starts over.
 */
const offsetsByZone = new Map<string, Map<number, number | null>>();
const MAX_CACHED_HOURS = 50_000;
const FIRST_INSTANT = utcDay(1, 1, 1) - DAY_MS; // one day of margin either side of years 1-9999
const LAST_INSTANT = utcDay(9999, 12, 31) + DAY_MS;

function offsetMsIntl(ms: number, timeZone: string): number {
  return utcOf(toLocalIntl(new Date(ms), timeZone)) - ms;
}

function constantOffsetMs(ms: number, timeZone: string): number | null {
  if (ms < FIRST_INSTANT || ms > LAST_INSTANT) return null;
  let offsets = offsetsByZone.get(timeZone);
  if (!offsets) {
    formatterFor(timeZone); // an unknown zone fails here, as it does with Intl
    offsets = new Map();
    offsetsByZone.set(timeZone, offsets);
  }
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR_MS;
    const first = offsetMsIntl(start, timeZone);
    offset = first === offsetMsIntl(start + HOUR_MS - 1000, timeZone) ? first : null;
    if (offsets.size >= MAX_CACHED_HOURS) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

/** The wall-clock reading of an instant in a zone. */
export function toLocal(instant: Date, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): LocalDateTime {
  const ms = instant.getTime();
  const offset = constantOffsetMs(ms, timeZone);
  if (offset === null) return toLocalIntl(instant, timeZone);
  const wall = new Date(ms + offset);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
  };
}

function utcOf(l: LocalDateTime): number {
  const d = new Date(0);
  d.setUTCFullYear(l.year, l.month - 1, l.day);
  d.setUTCHours(l.hour, l.minute, l.second, l.millisecond);
  return d.getTime();
}

/** The zone's offset from UTC at an instant, in minutes (Madrid: 60 or 120). */
export function offsetMinutesAt(instant: Date, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): number {
  const whole = instant.getTime() - (((instant.getTime() % 1000) + 1000) % 1000);
  return Math.round((utcOf(toLocal(new Date(whole), timeZone)) - whole) / MINUTE_MS);
}

function sameLocal(a: LocalDateTime, b: LocalDateTime): boolean {
  return (
    a.year === b.year &&
    a.month === b.month &&
    a.day === b.day &&
    a.hour === b.hour &&
    a.minute === b.minute &&
    a.second === b.second
  );
}

/**
 * Every instant whose wall clock in the zone reads `local`, earliest first:
 * none in a spring-forward gap, two in an autumn overlap, one otherwise.
 * (Offsets are sampled a day either side, which covers every real zone:
 * none changes its offset twice within 48 hours.)
 */
export function instantsOfLocal(local: LocalDateTime, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): Date[] {
  const asUtc = utcOf(local);
  const offsets = new Set([
    offsetMinutesAt(new Date(asUtc - DAY_MS), timeZone),
    offsetMinutesAt(new Date(asUtc), timeZone),
    offsetMinutesAt(new Date(asUtc + DAY_MS), timeZone),
  ]);
  const found = new Set<number>();
  for (const off of offsets) {
    const candidate = asUtc - off * MINUTE_MS;
    if (sameLocal(toLocal(new Date(candidate), timeZone), local)) found.add(candidate);
  }
  return [...found].sort((a, b) => a - b).map((t) => new Date(t));
}

/**
 * A wall-clock time to an instant. Ambiguous -> the earlier instant.
 * Nonexistent -> `undefined` (callers decide: parsing refuses it, day bounds
 * move forward past the gap).
 */
export function localToInstant(local: LocalDateTime, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): Date | undefined {
  return instantsOfLocal(local, timeZone)[0];
}

/** Like localToInstant, but a time in a gap is shifted forward by the gap's length (02:30 -> 03:30 in Madrid). */
function localToInstantLenient(local: LocalDateTime, timeZone: string): Date {
  const exact = localToInstant(local, timeZone);
  if (exact) return exact;
  const asUtc = utcOf(local);
  // In a gap the offset before the transition is the smaller one; applying it lands after the gap.
  const before = offsetMinutesAt(new Date(asUtc - DAY_MS), timeZone);
  return new Date(asUtc - before * MINUTE_MS);
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcDay(year, month + 1, 0)).getUTCDate();
}

/**
 * The form of a date and time the API reads (parseClinicDateTime), as a
 * JSON Schema / ECMAScript pattern: the OpenAPI documents publish this same
 * text, so a generated client and the parser cannot disagree on it.
 */
export const ISO_DATETIME_PATTERN = '^(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,3})\\d*)?)?([Zz]|[+-]\\d{2}:?\\d{2})?$';
const ISO_DATETIME = new RegExp(ISO_DATETIME_PATTERN);

/**
 * The start of "... no es una fecha": quotes the value only when it looks
 * like a date. Arbitrary text (SQL, markup) echoed back in an error reads as
 * if the server had run it, and a log or page may show it raw.
 */
function notADate(text: unknown): string {
  return typeof text === 'string' && /^[0-9T:.+Z -]{1,40}$/.test(text) ? `"${text}" no es una fecha` : 'El valor no es una fecha';
}

/**
 * Parses an ISO 8601 datetime as described at the top of this file. Fails
 * with a 422 ValidationError on `path` (default 'fecha') when the text is
 * not a valid datetime or names a wall-clock time that does not exist.
 */
export function parseClinicDateTime(text: string, timeZone: string = DEFAULT_CLINIC_TIME_ZONE, path = 'fecha'): Date {
  const m = typeof text === 'string' ? ISO_DATETIME.exec(text.trim()) : null;
  const malformed = (): ValidationError =>
    ValidationError.field(
      path,
      `${notADate(text)} y hora ISO 8601 válida (por ejemplo 2026-03-30T10:00:00 o 2026-03-30T10:00:00+02:00).`,
    );
  if (!m) throw malformed();
  const local: LocalDateTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: m[6] === undefined ? 0 : Number(m[6]),
    millisecond: m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0')),
  };
  if (
    local.month < 1 ||
    local.month > 12 ||
    local.day < 1 ||
    local.day > daysInMonth(local.year, local.month) ||
    local.hour > 23 ||
    local.minute > 59 ||
    local.second > 59
  ) {
    throw malformed();
  }
  const zone = m[8];
  if (zone !== undefined) {
    if (zone.toUpperCase() === 'Z') return new Date(utcOf(local));
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 23 || om > 59) throw malformed();
    return new Date(utcOf(local) - sign * (oh * HOUR_MS + om * MINUTE_MS));
  }
  const instant = localToInstant(local, timeZone);
  if (!instant) {
    throw ValidationError.field(
      path,
      `La hora ${String(text)} no existe en la zona horaria ${timeZone} (ese día se adelanta el reloj por el cambio de hora). Elija otra hora o indique el desfase explícitamente.`,
    );
  }
  return instant;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** An offset from UTC in minutes as ISO 8601 writes it: 60 -> "+01:00". */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return '+00:00';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An instant as ISO 8601 with the clinic's offset at that instant: 2026-03-30T10:00:00+02:00. */
export function formatClinicDateTime(instant: Date, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): string {
  const l = toLocal(instant, timeZone);
  const ms = l.millisecond === 0 ? '' : `.${pad(l.millisecond, 3)}`;
  // The offset from the reading already made (same as offsetMinutesAt, without a second Intl call).
  return `${pad(l.year, 4)}-${pad(l.month)}-${pad(l.day)}T${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}${ms}${formatOffset(Math.round((utcOf(l) - instant.getTime()) / MINUTE_MS))}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The last year a YYYY-MM-DD clinic day can name: a date after 9999-12-31 cannot be written, nor read back. */
export const LAST_YEAR = 9999;

/**
 * Whether an instant is written (formatClinicDateTime) as a date the API
 * reads back: on or before 31 December of LAST_YEAR in the clinic's zone. The
 * end of the whole day 9999-12-31 is 10000-01-01T00:00, which is not.
 */
export function isWritableInstant(instant: Date, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): boolean {
  return toLocal(instant, timeZone).year <= LAST_YEAR;
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** Parses a clinic day "YYYY-MM-DD"; 422 on `path` if it is not a real date. */
export function parseLocalDate(text: string, path = 'fecha'): LocalDate {
  const m = typeof text === 'string' ? ISO_DATE.exec(text) : null;
  const bad = (): ValidationError => ValidationError.field(path, `${notADate(text)} válida con formato AAAA-MM-DD.`);
  if (!m) throw bad();
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > daysInMonth(d.year, d.month)) throw bad();
  return d;
}

export function formatLocalDate(d: LocalDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** The clinic day an instant falls on, as YYYY-MM-DD. */
export function clinicDateOf(instant: Date, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): string {
  const l = toLocal(instant, timeZone);
  return formatLocalDate(l);
}

/** ISO weekday of a clinic day: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const dow = new Date(utcDay(date.year, date.month, date.day)).getUTCDay();
  return dow === 0 ? 7 : dow;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(utcDay(date.year, date.month, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** dayBounds' answers as instants (ms), so callers get Dates of their own; bounded like offsetsByZone. */
const boundsByDay = new Map<string, [number, number]>();
const MAX_CACHED_DAYS = 10_000;

/**
 * The instants where a clinic day begins and ends: [desde, hasta). Not
 * always 24 h apart: 2026-03-29 in Madrid lasts 23 h, 2026-10-25 lasts 25 h.
 */
export function dayBounds(date: string | LocalDate, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): { desde: Date; hasta: Date } {
  const d = typeof date === 'string' ? parseLocalDate(date) : date;
  // Every day list asks for the same few days; each answer costs six zone readings.
  const key = `${timeZone} ${d.year}-${d.month}-${d.day}`;
  let bounds = boundsByDay.get(key);
  if (!bounds) {
    const midnight = (x: LocalDate): number =>
      localToInstantLenient({ ...x, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone).getTime();
    bounds = [midnight(d), midnight(addDays(d, 1))];
    if (boundsByDay.size >= MAX_CACHED_DAYS) boundsByDay.clear();
    boundsByDay.set(key, bounds);
  }
  return { desde: new Date(bounds[0]), hasta: new Date(bounds[1]) };
}

/** A wall-clock time on a clinic day ("HH:MM") as an instant; undefined if it falls in a gap. */
export function instantAt(date: LocalDate, hhmm: string, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): Date | undefined {
  const [h, m] = hhmm.split(':').map(Number);
  return localToInstant({ ...date, hour: h, minute: m, second: 0, millisecond: 0 }, timeZone);
}
