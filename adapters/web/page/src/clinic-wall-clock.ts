/**
 * An instant (epoch ms) as the clinic's wall clock reads it, in its zone
 * (the session's zona_horaria): for what the page works out itself rather
 * than reads from the API, a cita's end (its start plus its duración) and
 * the nights the clocks change. What the API writes is read by format.ts.
 */

/**
 * One formatter per zone, as core/domain/clinic-time.ts keeps its own: the
 * page is built on its own (tsconfig.page.json) and cannot import core, so
 * it asks Intl the same question here, with the offset as well.
 */
const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' });
    formats.set(zone, format);
  }
  return format;
}

/**
 * `instant` as the APIs write a datetime: the clinic's wall time with its
 * offset ("2027-10-31T02:00:00+01:00"), so format.ts's wall() and
 * repeated-hour.ts read it as they read the API's own.
 */
export function isoAt(zone: string, instant: number): string {
  const p = Object.fromEntries(formatIn(zone).formatToParts(instant).map((x) => [x.type, x.value]));
  // longOffset writes "GMT+01:00", and plain "GMT" for UTC itself.
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName.slice(3);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

/** The clinic's wall clock at `instant`, to the minute ("2027-10-31T02:00"): the same text for both times of a repeated hour. */
export const wallClockAt = (zone: string, instant: number): string => isoAt(zone, instant).slice(0, 16);

/** The API datetime `minutes` after `iso` (a cita's end, from its fecha and duración), in the clinic's zone. */
export const isoAfter = (iso: string, minutes: number, zone: string): string => isoAt(zone, Date.parse(iso) + minutes * 60_000);
