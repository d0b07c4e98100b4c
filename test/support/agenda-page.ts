import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { loggedIn } from './browser';
import type { Account, CenterRecord, DoctorAccount, PatientAccount } from './citas';
import { dayWordsAnyYear } from './clinic-days';
import type { FrontDesk } from './web';
import { type FrontDeskSuite, frontDeskSuite } from './front-desk-suite';

/**
 * The front desk's staff agenda, as the browser tests drive it: by its
 * labelled controls (Centro, Doctor, Fecha) and the names its grid gives
 * free slots and citas ("Libre 09:30 …", "Cita 10:00 …").
 */

/**
 * Opens the agenda on `fecha` for one doctor at one center (every doctor
 * of the center when `doctor` has no id) and waits for that very grid, with
 * `doctor`'s column in it.
 */
export async function openAgenda(page: Page, centerId: number, doctor: { id?: number; nombre: string }, fecha: string): Promise<void> {
  await page.getByRole('link', { name: 'Agenda' }).click();
  await page.getByLabel('Centro').selectOption(String(centerId));
  await page.getByLabel('Doctor').selectOption(doctor.id === undefined ? '' : String(doctor.id));
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

/** Where the browser drew `el`: it must be laid out. */
export async function boxOf(el: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await el.boundingBox();
  assert.ok(box, 'not laid out');
  return box;
}

/** Doctors whose names, as the clinic writes them, are long: the day of a center like OdontoCare Chamberí. */
const LONG_NAMES = [
  { nombre: 'Juan Ramón Ortega Rubio', especialidad: 'Prostodoncia' },
  { nombre: 'Maricarmen Crespo Campos', especialidad: 'Cirugía oral y maxilofacial' },
  { nombre: 'Pedro Luis Sanz Moreno', especialidad: 'Endodoncia' },
];
const LAST = { nombre: 'María Cristina Gutiérrez Castro', especialidad: 'Odontología general' };

/** The suite of a center whose first doctor and patient have long names too (lateCitaOfManyDoctors). */
export const manyDoctorsDesk = (center: string): FrontDeskSuite =>
  frontDeskSuite({ center, doctor: { nombre: 'Laura Fernández Benítez', especialidad: 'Ortodoncia' }, patient: 'Eduardo Álvarez Núñez' });

/**
 * A center's day of `count` doctors (`fd`'s and others with long names, up
 * to five), a secretaria, and a 17:30 cita of `fd`'s patient with the last
 * doctor, far below the morning the day starts with.
 */
export async function lateCitaOfManyDoctors(fd: FrontDeskSuite, count: number): Promise<{ secretaria: Account; last: DoctorAccount }> {
  const secretaria = await fd.sys.createSecretaria();
  for (const d of LONG_NAMES.slice(0, count - 2)) await fd.sys.createDoctor(d);
  const last = await fd.sys.createDoctor(LAST);
  const res = await fd.sys.citas.post(
    '/citas',
    { fecha: `${fd.day}T17:30:00`, motivo: 'Revisión', id_paciente: fd.patient.id, id_doctor: last.id, id_centro: fd.center.id },
    fd.sys.adminToken,
  );
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { secretaria, last };
}

/** Opens `patient`'s cita at `time` on `day` from Por confirmar (Ver en la agenda), and waits for its panel. */
export async function openFromPorConfirmar(page: Page, day: string, patient: string, time: string): Promise<Locator> {
  await page.getByRole('link', { name: 'Por confirmar' }).click();
  await page.getByLabel('Fecha').fill(day);
  await page.getByRole('button', { name: 'Mostrar' }).click();
  await page.getByRole('button', { name: `Ver en la agenda la cita de ${patient} a las ${time}` }).click();
  const panel = page.locator('.cita-panel');
  await panel.getByText(patient).waitFor();
  return panel;
}
