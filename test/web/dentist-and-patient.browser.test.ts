import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { clinicDateOf } from '../../core/domain/clinic-time';
import { browserSkipReason, launchChromium, logIn, newContext, statusSays } from '../support/browser';
import { chosenHour } from '../support/booking-form';
import type { CenterRecord, PatientAccount } from '../support/citas';
import { nextWeekday } from '../support/clinic-days';
import { type FrontDesk, startFrontDesk } from '../support/web';

/**
 * The front desk as a dentist (rol medico) and as a patient (rol paciente)
 * use it: what the contract lets each of them do and see, and what the page
 * tells them when the APIs answer. Real headless Chromium on the real
 * services, all on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';

describe('the front desk as a dentist and as a patient', { skip }, () => {
  let fd: FrontDesk;
  let browser: Browser;
  let day: string;
  let center: CenterRecord;
  let patient: PatientAccount;

  before(async () => {
    fd = await startFrontDesk();
    browser = await launchChromium();
    day = nextWeekday(clinicDateOf(fd.clock.now(), ZONE));
    center = await fd.sys.createCenter({ nombre: 'Clínica Roles' });
    patient = await fd.sys.createPatient({ nombre: 'Luis Roles' });
  });

  after(async () => {
    await browser?.close();
    await fd?.close();
  });

  /** A cita of `patient` with `doctor` at `hhmm` on `day`, booked by the admin through the API. */
  async function booked(doctor: { id: number }, hhmm: string, motivo: string, who = patient, fecha = day): Promise<number> {
    const res = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fecha}T${hhmm}:00`, motivo, id_paciente: who.id, id_doctor: doctor.id, id_centro: center.id },
      fd.sys.adminToken,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id_cita;
  }

  it('a dentist who adds an absence over citas already booked is told which ones fall inside it', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dra. Elena Congreso', especialidad: 'Ortodoncia' });
    const first = await booked(doctor, '10:00', 'Ajuste');
    const second = await booked(doctor, '10:30', 'Revisión');
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, doctor.username, doctor.password);
    await page.getByRole('link', { name: 'Mis ausencias' }).click();
    await page.getByRole('heading', { name: 'Nueva ausencia' }).waitFor();
    await page.getByLabel('Desde').fill(`${day}T09:30`);
    await page.getByLabel('Hasta').fill(`${day}T11:00`);
    await page.getByLabel('Motivo').fill('Congreso');
    await page.getByRole('button', { name: 'Añadir ausencia' }).click();
    // The API keeps them and lists them (conflictos): she must know, or two patients come to an empty chair.
    await statusSays(page, new RegExp(`Ausencia registrada\\. 2 citas ya reservadas caen dentro.*10:00 \\(cita ${first}\\).*10:30 \\(cita ${second}\\)`));
    await ctx.close();
  });

  it('a patient who opens Cambiar finds her cita\'s own hour chosen, and changing only the motivo keeps it', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dr. Hugo Motivo', especialidad: 'Prótesis' });
    const paciente = await fd.sys.createPatient({ nombre: 'Marta Motivo' });
    const id = await booked(doctor, '10:00', 'Revisión', paciente);
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, paciente.username, paciente.password);
    const card = page.locator('.cita-panel').filter({ hasText: 'Revisión' });
    await card.getByRole('button', { name: 'Cambiar', exact: true }).click();
    await page.getByRole('heading', { name: 'Cambiar la cita' }).waitFor();
    // The free slots list 10:00 as taken (by this very cita); the day's first free one must not take its place unseen.
    assert.equal(await chosenHour(page), '10:00', 'Cambiar opens on another hour than the cita\'s');
    await page.getByLabel('Motivo', { exact: true }).fill('Revisión de la prótesis');
    await page.getByRole('button', { name: 'Guardar cambio' }).click();
    await statusSays(page, /Cita cambiada/);
    const nueva = (await fd.sys.citas.get(`/citas/${id}`, fd.sys.adminToken)).body.id_cita_nueva;
    const now = (await fd.sys.citas.get(`/citas/${nueva}`, fd.sys.adminToken)).body;
    assert.equal(now.fecha.slice(0, 16), `${day}T10:00`);
    assert.equal(now.motivo, 'Revisión de la prótesis');
    await ctx.close();
  });
});
