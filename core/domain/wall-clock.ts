/**
 * Wall-clock arithmetic in a named time zone (IANA, e.g. Europe/Madrid) with
 * nothing but the built-in Intl API. The agenda needs exactly three things:
 * the instant at which a local date shows a given wall time, the local date
 * and time of an instant, and the weekday of a local date.
 *
 * Around a DST change a wall time may not exist (spring: 02:30 on 2026-03-29
 * in Madrid) or exist twice (autumn: 02:30 on 2026-10-25). A missing time
 * maps to the instant the clocks jump (03:00 local), so a franja touching the
 * gap just loses the hour that day; a repeated time maps to its first
 * occurrence, so a franja covers the whole real time between its two ends.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when the runtime knows the zone (config validation). */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function fieldsAt(ms: number, zone: string): Fields {
  const out: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return { year: out.year, month: out.month, day: out.day, hour: out.hour % 24, minute: out.minute, second: out.second };
}

/** The zone's offset from UTC at an instant, in minutes (Madrid: 60 in winter, 120 in summer). */
export function offsetMinutesAt(instant: Date | number, zone: string): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const whole = Math.floor(ms / 1000) * 1000;
  const f = fieldsAt(whole, zone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return Math.round((asUtc - whole) / MINUTE_MS);
}

function parseDate(fecha: string): { y: number; m: number; d: number } {
  const match = DATE.exec(fecha);
  if (!match) throw new Error(`fecha mal formada: ${fecha}`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isValidLocalDate(fecha: string): boolean {
  const match = DATE.exec(fecha);
  if (!match) return false;
  const { y, m, d } = parseDate(fecha);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * The instant at which the local date `fecha` shows `minutes` after midnight
 * (0..1440; 1440 is the next midnight) in `zone`. See the file comment for
 * missing and repeated wall times.
 */
export function instantAtWallTime(fecha: string, minutes: number, zone: string): Date {
  const { y, m, d } = parseDate(fecha);
  const wall = Date.UTC(y, m - 1, d) + minutes * MINUTE_MS; // the wall time read as if it were UTC
  const before = offsetMinutesAt(wall - DAY_MS, zone);
  const after = offsetMinutesAt(wall + DAY_MS, zone);
  const candidates = [...new Set([wall - before * MINUTE_MS, wall - after * MINUTE_MS])]
    .filter((c) => offsetMinutesAt(c, zone) * MINUTE_MS === wall - c)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0]);
  // In a gap: find the transition between the two readings, to the minute.
  let lo = Math.min(wall - before * MINUTE_MS, wall - after * MINUTE_MS);
  let hi = Math.max(wall - before * MINUTE_MS, wall - after * MINUTE_MS);
  const loOffset = offsetMinutesAt(lo, zone);
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetMinutesAt(mid, zone) === loOffset) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

export interface WallTime {
  /** Local date YYYY-MM-DD. */
  fecha: string;
  /** Minutes since local midnight. */
  minutes: number;
  hhmm: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function wallTimeOf(instant: Date, zone: string): WallTime {
  const f = fieldsAt(instant.getTime(), zone);
  return {
    fecha: `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`,
    minutes: f.hour * 60 + f.minute,
    hhmm: `${pad(f.hour)}:${pad(f.minute)}`,
  };
}

/** The local date (YYYY-MM-DD) of an instant in `zone`. */
export function localDateOf(instant: Date, zone: string): string {
  return wallTimeOf(instant, zone).fecha;
}

/** ISO weekday of a local date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(fecha: string): number {
  const { y, m, d } = parseDate(fecha);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addDays(fecha: string, days: number): string {
  const { y, m, d } = parseDate(fecha);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** [start, end) instants of a local date in `zone` (23 or 25 hours on DST days). */
export function localDayBounds(fecha: string, zone: string): { desde: Date; hasta: Date } {
  return { desde: instantAtWallTime(fecha, 0, zone), hasta: instantAtWallTime(addDays(fecha, 1), 0, zone) };
}

/** "2026-03-29T09:00:00+02:00": the instant as the clinic's wall clock shows it, with the offset. */
export function isoWithOffset(instant: Date, zone: string): string {
  const ms = instant.getTime();
  const f = fieldsAt(ms, zone);
  const off = offsetMinutesAt(ms, zone);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const millis = ms % 1000 === 0 ? '' : `.${pad(((ms % 1000) + 1000) % 1000, 3)}`;
  return (
    `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${millis}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
