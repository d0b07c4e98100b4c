import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { loggedIn } from './browser';
import type { Account, CenterRecord, DoctorAccount, PatientAccount } from './citas';
import { dayWordsAnyYear } from './clinic-days';
import type { FrontDesk } from './web';

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
  const grid = page.getByRole('group', { name: new RegExp(`^Agenda del ${dayWordsAnyYear(fecha)}$`) });
  await grid.getByRole('region', { name: new RegExp(`^${doctor.nombre}`) }).waitFor();
  // Free slots are buttons for whoever may book, and notes for the others (a secretaria without RESERVA_SECRETARIA).
  await grid.getByRole('button', { name: /^Libre / }).or(grid.getByRole('note', { name: /^Libre / })).first().waitFor();
}

/** The free slot at `time` (HH:MM) as a button: for whoever may book. */
export const slot = (page: Page, time: string): Locator => page.getByRole('button', { name: new RegExp(`^Libre ${time} `) });

/** The cita at `time` (HH:MM) in the grid: a button that opens its panel. */
export const citaAt = (page: Page, time: string): Locator => page.getByRole('button', { name: new RegExp(`^Cita ${time} `) });

/**
 * A cita at `time` on `desk.day` for a new doctor and patient, booked
 * through the API, and open in `desk.as`'s agenda at `desk.center`, its
 * panel shown.
 */
export async function openAtTheDesk(
  fd: Pick<FrontDesk, 'sys' | 'web'>,
  browser: Browser,
  desk: { center: CenterRecord; day: string; as: Account },
  cita: { doctor: string; patient: string; time: string; motivo: string },
): Promise<{ ctx: BrowserContext; page: Page; id: number; medico: DoctorAccount; paciente: PatientAccount }> {
  const medico = await fd.sys.createDoctor({ nombre: cita.doctor, especialidad: 'Cirugía oral' });
  const paciente = await fd.sys.createPatient({ nombre: cita.patient });
  const res = await fd.sys.citas.post(
    '/citas',
    { fecha: `${desk.day}T${cita.time}:00`, motivo: cita.motivo, id_paciente: paciente.id, id_doctor: medico.id, id_centro: desk.center.id },
    fd.sys.adminToken,
  );
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const { ctx, page } = await loggedIn(browser, fd.web.url, desk.as);
  await openAgenda(page, desk.center.id, medico, desk.day);
  await citaAt(page, cita.time).click();
  await page.getByRole('group', { name: 'Acciones de la cita' }).waitFor();
  return { ctx, page, id: res.body.id_cita as number, medico, paciente };
}
