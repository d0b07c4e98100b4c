import type { Page } from 'playwright-core';

/** Requests a test holds back (holdFirst): how many were sent, when the first is held, and its release. */
export interface Held {
  count(): number;
  /** Resolves once the first request is held: the page has sent it and waits for its answer. */
  reached: Promise<void>;
  release(): void;
}

/**
 * Requests of `method` whose URL `wanted` accepts: the first is held until
 * `release()`, the others pass at once. A test presses twice while the
 * first is held, so a second request, if the page sends one, is already on
 * its way before the first is answered, as on a slow network, and
 * `count()` says whether it did: nothing sleeps.
 */
export async function holdFirst(page: Page, method: string, wanted: (url: URL) => boolean): Promise<Held> {
  let seen = 0;
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held!: () => void;
  const reached = new Promise<void>((r) => (held = r));
  await page.route(wanted, async (route) => {
    if (route.request().method() !== method) return route.continue();
    seen += 1;
    if (seen === 1) {
      held();
      await released;
    }
    await route.continue();
  });
  return { count: () => seen, reached, release };
}

/** A call a test holds back (holdFirstCall): `held` resolves once it waits; `release()` lets it go on. */
export interface HeldCall {
  held: Promise<void>;
  release(): void;
}

/**
 * holdFirst's twin inside a service the test runs in its own process: the
 * first call of `prototype[method]` whose arguments `wanted` accepts waits
 * until `release()`, either at its 'start' (it has not run yet) or at its
 * 'end' (it has run, and its answer is held back); every other call passes
 * at once. The method is put back once the held call arrives, and at
 * `release()` whatever happened, so a test sets up a race by where its
 * requests stand, not by sleeping.
 */
export function holdFirstCall<P extends object>(
  prototype: P,
  method: keyof P & string,
  wanted: (...args: unknown[]) => boolean,
  at: 'start' | 'end',
): HeldCall {
  const original = prototype[method] as unknown as (...args: unknown[]) => Promise<unknown>;
  let reached!: () => void;
  const held = new Promise<void>((r) => (reached = r));
  let letGo!: () => void;
  const released = new Promise<void>((r) => (letGo = r));
  let taken = false;
  const restore = () => Object.assign(prototype, { [method]: original });
  const release = () => {
    restore();
    letGo();
  };
  Object.assign(prototype, {
    async [method](this: unknown, ...args: unknown[]) {
      if (taken || !wanted(...args)) return original.apply(this, args);
      taken = true;
      restore();
      if (at === 'start') {
        reached();
        await released;
        return original.apply(this, args);
      }
      const answer = await original.apply(this, args);
      reached();
      await released;
      return answer;
    },
  });
  return { held, release };
}

/** Calls a test holds back together (holdEveryCall): how many wait now; `release()` lets them all go on. */
export interface HeldCalls {
  waiting(): number;
  release(): void;
}

/**
 * holdFirstCall for a race of several requests: every call of
 * `prototype[method]` whose arguments `wanted` accepts waits, at its 'end'
 * (it has run, its answer is held back), until `release()`; from then on,
 * and for every other call, the method runs as it did. A test holds each of
 * its requests where it stands (two runs each past the lock they took)
 * before letting them meet.
 */
export function holdEveryCall<P extends object>(prototype: P, method: keyof P & string, wanted: (...args: unknown[]) => boolean): HeldCalls {
  const original = prototype[method] as unknown as (...args: unknown[]) => Promise<unknown>;
  let letGo!: () => void;
  const released = new Promise<void>((r) => (letGo = r));
  let open = false;
  let waiting = 0;
  Object.assign(prototype, {
    async [method](this: unknown, ...args: unknown[]) {
      const answer = await original.apply(this, args);
      if (open || !wanted(...args)) return answer;
      waiting += 1;
      await released;
      waiting -= 1;
      return answer;
    },
  });
  return {
    waiting: () => waiting,
    release: () => {
      open = true;
      Object.assign(prototype, { [method]: original });
      letGo();
    },
  };
}
