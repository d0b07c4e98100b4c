/**
 * The page's one "now": the web service's clock, never the browser's. The
 * session (GET/POST /api/sesion) answers `ahora`, read from the services'
 * Clock port (so a test can move it); from then on the page adds the time
 * elapsed since that answer arrived, measured with performance.now(), the
 * browser's monotonic clock. The front desk PC's wall clock (Date.now()) may
 * be wrong or set to another zone, and is not read here or anywhere else in
 * the page.
 */
export type Now = () => number;

/** "Now" (epoch milliseconds) anchored at `ahora`, the server's time when the session answer was received. */
export function serverClock(ahora: string, receivedAt: number = performance.now()): Now {
  const anchor = Date.parse(ahora);
  return () => anchor + (performance.now() - receivedAt);
}
