import type { Locator, Page } from 'playwright-core';
import { longDay } from './clinic-days';

/**
 * The front desk's staff agenda, as the browser tests drive it: by its
 * labelled controls (Centro, Doctor, Fecha) and the names its grid gives
 * free slots and citas ("Libre 09:30 …", "Cita 10:00 …").
 */

/** Opens the agenda on `fecha` for one doctor at one center and waits for that very grid. */
export async function openAgenda(page: Page, centerId: number, doctor: { id: number; nombre: string }, fecha: string): Promise<void> {
  await page.getByRole('link', { name: 'Agenda' }).click();
  await page.getByLabel('Centro').selectOption(String(centerId));
  await page.getByLabel('Doctor').selectOption(String(doctor.id));
  await page.getByLabel('Fecha').fill(fecha);
  // The grid of that very day and doctor: an earlier choice's grid never counts.
  const grid = page.getByRole('group', { name: `Agenda del ${longDay(fecha)}` });
  await grid.getByRole('region', { name: new RegExp(`^${doctor.nombre}`) }).waitFor();
  // Free slots are buttons for whoever may book, and notes for the others (a secretaria without RESERVA_SECRETARIA).
  await grid.getByRole('button', { name: /^Libre / }).or(grid.getByRole('note', { name: /^Libre / })).first().waitFor();
}

/** The free slot at `time` (HH:MM) as a button: for whoever may book. */
export const slot = (page: Page, time: string): Locator => page.getByRole('button', { name: new RegExp(`^Libre ${time} `) });
