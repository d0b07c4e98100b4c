import type { NextDay, Now, Today } from './clock.js';
import type { Directory } from './directory.js';
import type { Session } from './types.js';

/** What every view gets: who is logged in, where to draw, and how to tell the person things. */
export interface App {
  session: Session;
  /**
   * The clinic's "now" in epoch milliseconds: the session's `ahora` plus the
   * time elapsed since (clock.ts). The one place the page asks what time it is.
   */
  now: Now;
  /**
   * The clinic's today (YYYY-MM-DD) from `now`, in its time zone (clock.ts):
   * asked at each use, never kept, so it is the new day after midnight.
   */
  today: Today;
  /** When `today` next changes (the clinic's next midnight, on `now`'s clock): for views that follow the day. */
  nextDay: NextDay;
  directory: Directory;
  /** The view's area. */
  main: HTMLElement;
  /** A short confirmation, read out by screen readers (role=status). */
  notify(message: string): void;
  /**
   * A failure, in the API's words: a service that does not answer gets a
   * "Reintentar" button that runs `retry`; a lost session goes back to the
   * login form with the reason.
   */
  fail(error: unknown, retry?: () => void): void;
  /** Clears the messages (on a new action). */
  clearMessages(): void;
  go(route: string, state?: unknown): void;
  /** State handed over by go() (e.g. a slot picked on the agenda). */
  takeState<T>(): T | undefined;
  isStaff: boolean;
}
