import { isoAt } from './clinic-wall-clock.js';

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
  const dayOf = clinicDayOf(zone);
  return () => dayOf(now());
}

/** The clinic's day (YYYY-MM-DD) at an instant (epoch milliseconds), in `zone`. */
function clinicDayOf(zone: string): (instant: number) => string {
  return (instant) => isoAt(zone, instant).slice(0, 10);
}

/** The instant (epoch milliseconds) at which "today" next changes: the clinic's next midnight. */
export type NextDay = () => number;

/** Longer than any clinic day (25 hours the night the clocks go back), so the day has changed by then. */
const LONGEST_DAY_MS = 26 * 60 * 60 * 1000;

/**
 * The clinic's next midnight after `now`, to the second: found by asking
 * the zone what day it is (a halving search between now and a day ahead)
 * rather than by adding 24 hours to a wall time, so a day of 23 or 25 hours,
 * or a zone whose clocks change at midnight, needs no rule of its own.
 */
export function clinicNextDay(now: Now, zone: string): NextDay {
  const dayOf = clinicDayOf(zone);
  return () => {
    let before = now();
    const today = dayOf(before);
    let after = before + LONGEST_DAY_MS;
    while (after - before > 1000) {
      const mid = before + Math.floor((after - before) / 2);
      if (dayOf(mid) === today) before = mid;
      else after = mid;
    }
    return after;
  };
}

/**
 * How long a timer sleeps at most before asking `wanted()` again: a panel
 * closed days before its cita starts lets go of its elements within the
 * hour (and no wait comes near setTimeout's limit of 24.8 days, beyond
 * which it would fire at once).
 */
const RECHECK_MS = 60 * 60 * 1000;

/**
 * Runs `run` once, when the page's clock (`now`, the server's time) reaches
 * `at` (epoch milliseconds): for what the page shows that changes at a known
 * instant (a cita's start, the clinic's midnight). The wait is measured on
 * `now`, not on the PC's clock, and asked again on waking, so a timer that
 * a sleeping or busy browser fires late still acts on the right time. Gives
 * up without running once `wanted()` says what it would update is gone.
 */
export function whenReached(now: Now, at: number, run: () => void, wanted: () => boolean): void {
  const wake = () => {
    if (!wanted()) return;
    const left = at - now();
    if (left <= 0) run();
    else setTimeout(wake, Math.min(left, RECHECK_MS));
  };
  setTimeout(wake, Math.max(0, Math.min(at - now(), RECHECK_MS)));
}
