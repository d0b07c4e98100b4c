/**
 * The page's one "now", and the "today" worked out from it: the web
 * service's clock, never the browser's. The session (GET/POST /api/sesion)
 * answers `ahora`, read from the services' Clock port (so a test can move
 * it); from then on the page adds the time elapsed since that answer
 * arrived, measured with performance.now(), the browser's monotonic clock.
 * The front desk PC's wall clock (Date.now()) may be wrong or set to another
 * zone, and is not read here or anywhere else in the page.
 */
export type Now = () => number;

/** "Now" (epoch milliseconds) anchored at `ahora`, the server's time when the session answer was received. */
export function serverClock(ahora: string, receivedAt: number = performance.now()): Now {
  const anchor = Date.parse(ahora);
  return () => anchor + (performance.now() - receivedAt);
}

/** The clinic's day, YYYY-MM-DD. */
export type Today = () => string;

/**
 * "Today" in the clinic's time zone (the session's `zona_horaria`), worked
 * out from `now` at every call: a page left open across midnight moves on
 * to the new day by itself, and the front desk PC's own zone plays no part.
 */
export function clinicToday(now: Now, zone: string): Today {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return () => {
    const p = Object.fromEntries(parts.formatToParts(now()).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day}`;
  };
}
