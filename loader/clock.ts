import { setTimeout as pause } from 'node:timers/promises';

/**
 * The loader's time, in one place: the moment it reads (how long a run took,
 * since when a service has answered only "later", an HTTP-date Retry-After,
 * the day it books from) and the waits it makes (a Retry-After waited out).
 * The loader is a client, not the core, so it owns this small port instead
 * of core's Clock; its `now` has Clock's shape. The machine's by default;
 * tests pass one that moves only when waited on and records the waits, so
 * they assert the wait asked for without spending it.
 */
export interface LoaderClock {
  now(): Date;
  /** Waits `ms`; rejects at once (AbortError) when `signal` is or becomes aborted: Ctrl-C cuts a wait short. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: LoaderClock = {
  now: () => new Date(),
  sleep: (ms, signal) => pause(ms, undefined, { signal }),
};
