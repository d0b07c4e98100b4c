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

/** In a booking form on screen, as staff fill it: the patient searched by `search` and chosen by `name`, and a Motivo. */
export async function fillBooking(page: Page, search: string, name: RegExp, motivo: string): Promise<void> {
  await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
  await page.getByLabel('Paciente', { exact: true }).fill(search);
  await page.getByLabel('Paciente', { exact: true }).press('Enter');
  await page.getByRole('radio', { name }).check();
  await page.getByLabel('Motivo', { exact: true }).fill(motivo);
}
