import type { Page } from 'playwright-core';

/** Requests a test holds back (holdFirst): how many were sent, and the release of the first. */
export interface Held {
  count(): number;
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
  await page.route(wanted, async (route) => {
    if (route.request().method() !== method) return route.continue();
    seen += 1;
    if (seen === 1) await released;
    await route.continue();
  });
  return { count: () => seen, release };
}
