import type { Page } from 'playwright-core';
import { WAIT_MS } from './browser';

/**
 * The booking form (Reservar cita, Cambiar la cita) as the browser tests
 * drive it, by its labelled fields.
 */

/** The hour the form offers once its free slots have loaded (they come from the API after the form shows). */
export async function chosenHour(page: Page): Promise<string> {
  await page.waitForFunction(() => Boolean((globalThis as any).document.querySelector('select[name=hora]')?.value), undefined, { timeout: WAIT_MS });
  return page.getByLabel('Hora').inputValue();
}
