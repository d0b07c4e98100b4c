import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FixedClock } from '../fakes/fixed-clock';
import { newContext } from './browser';

/**
 * The page's own clock (its timers, Date and performance.now), driven by
 * Playwright, in step with the services' FixedClock: how a browser test
 * shows the front desk left open while time goes by, without sleeping.
 */

/** A new tab whose clock reads `at`, in a context of its own. */
export async function pageAt(browser: Browser, at: Date): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.clock.install({ time: at });
  return { ctx, page };
}

/** The services' clock and the page's move together by `minutes`. */
export async function letTimePass(clock: FixedClock, page: Page, minutes: number): Promise<void> {
  clock.set(new Date(clock.now().getTime() + minutes * 60_000));
  await page.clock.fastForward(minutes * 60_000);
}
