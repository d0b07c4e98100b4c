/**
 * Real headless Chromium (Debian's `chromium` package) driven by
 * playwright-core, which ships no browser of its own. CHROMIUM_PATH says
 * where it is (default /usr/bin/chromium). Without it the browser suites
 * skip and say why, except under CI=true, where that is a failure: CI
 * installs it (.ci/run).
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Why the browser suites cannot run here, or undefined when they can. */
export function browserSkipReason(): string | false {
  if (existsSync(CHROMIUM_PATH)) return false;
  const reason = `Chromium no está en ${CHROMIUM_PATH} (apt-get install -y chromium, o CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(`${reason}: con CI=true las pruebas de navegador no se saltan.`);
  return reason;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-default-apps',
      '--lang=es-ES',
    ],
  });
}

/** Generous: on a loaded 2-core machine a page can take seconds; nothing here is a timing assertion. */
export const WAIT_MS = 30_000;

/**
 * A fresh browser profile (its own cookies) at a viewport; Spanish, the
 * clinic's zone unless `timezoneId` says the front desk PC is set to another.
 */
export async function newContext(
  browser: Browser,
  opts: { width?: number; height?: number; mobile?: boolean; timezoneId?: string } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    isMobile: opts.mobile ?? false,
    hasTouch: opts.mobile ?? false,
    locale: 'es-ES',
    timezoneId: opts.timezoneId ?? 'Europe/Madrid',
  });
  context.setDefaultTimeout(WAIT_MS);
  return context;
}

/** A fresh browser profile (newContext's options) with `who` logged in through the page's form. */
export async function loggedIn(
  browser: Browser,
  url: string,
  who: { username: string; password: string },
  opts: Parameters<typeof newContext>[1] = {},
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await newContext(browser, opts);
  const page = await ctx.newPage();
  await logIn(page, url, who.username, who.password);
  return { ctx, page };
}

/** Logs in through the page's own form and waits for the shell (its "Salir" button). */
export async function logIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Usuario').fill(username);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('button', { name: 'Salir' }).waitFor();
}

/**
 * Waits for the page's status line to say `expected`; if it never does, the
 * failure quotes what the page said instead (an API error in words, say).
 */
export async function statusSays(page: Page, expected: RegExp): Promise<void> {
  try {
    await page.getByRole('status').getByText(expected).first().waitFor();
  } catch (err) {
    const said = await page.getByRole('status').allInnerTexts().catch(() => []);
    const alerts = await page.getByRole('alert').allInnerTexts().catch(() => []);
    throw new Error(`the page never said ${expected}; status: ${JSON.stringify(said)}, alerts: ${JSON.stringify(alerts)} (${(err as Error).message.split('\n')[0]})`);
  }
}

/**
 * What a page shows a person when a wait for something else ran out: its
 * title, status and alert lines, and whether the login form is over it (a
 * session taken as lost), for the failure's message.
 */
export async function whatThePageSays(page: Page): Promise<string> {
  return page
    .evaluate(() => {
      const doc = (globalThis as any).document;
      const texts = (sel: string) => [...doc.querySelectorAll(sel)].map((el: any) => el.textContent.trim()).filter(Boolean);
      return JSON.stringify({
        title: doc.title,
        status: texts('[role=status]'),
        alerts: texts('[role=alert]'),
        loginForm: Boolean(doc.querySelector('form.login')),
      });
    })
    .catch((err: Error) => `(the page could not be read: ${err.message.split('\n')[0]})`);
}

/** Waits until the keyboard focus is on (or inside) an element matching `selector`; if it never gets there, says where it is. */
export async function focusInside(page: Page, selector: string, after: string): Promise<void> {
  try {
    await page.waitForFunction((sel) => Boolean((globalThis as any).document.activeElement?.closest(sel)), selector, { timeout: WAIT_MS });
  } catch {
    const where = await page.evaluate(() => {
      const el = (globalThis as any).document.activeElement;
      return el ? `${el.tagName.toLowerCase()}${el.name ? `[name=${el.name}]` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"` : 'nothing';
    });
    throw new Error(`after ${after} the keyboard focus is on ${where}, not in ${selector}`);
  }
}

/** Where `el` is on the screen, top and bottom in CSS pixels from the top of the viewport. */
export async function onScreen(el: Locator): Promise<{ top: number; bottom: number }> {
  return el.evaluate((node: any) => {
    const r = node.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom };
  });
}
