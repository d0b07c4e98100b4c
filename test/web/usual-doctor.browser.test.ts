import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { instantAt, parseLocalDate } from '../../core/domain/clinic-time';
import { browserSkipReason, loggedIn } from '../support/browser';
import type { Account, DoctorAccount, PatientAccount } from '../support/citas';
import { nextWeekday } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';
import { holdFirst } from '../support/held-requests';

/**
 * A receptionist who books (RESERVA_SECRETARIA=true) opens Reservar, picks
 * the patient, and finds Doctor already set to the patient's usual one:
 * the doctor of her latest cita Atendida, else of her latest cita, said
 * next to the field; never over a doctor she picked herself, before the
 * patient or while the patient's citas were being read, and never moving
 * the Centro or Fecha she chose. Real headless Chromium on the real
 * services, on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';

describe('the booking form suggests a patient\'s usual doctor', { skip }, () => {
  const fd = frontDeskSuite({
    desk: { citasEnv: { RESERVA_SECRETARIA: 'true' }, webEnv: { RESERVA_SECRETARIA: 'true' } },
    center: 'Clínica Costumbre',
    doctor: { nombre: 'Dra. Rutina Fiel', especialidad: 'Odontología general' },
    patient: 'Marta Habitual',
  });
  let secretaria: Account;
  let otro: DoctorAccount;
  let nueva: PatientAccount;
  let later: string;

  /** A cita booked by the admin through the API: its id. */
  async function book(paciente: PatientAccount, doctor: DoctorAccount, day: string, hhmm: string): Promise<number> {
    const res = await fd.sys.citas.post(
      '/citas',
      { fecha: `${day}T${hhmm}:00`, motivo: 'Revisión', id_paciente: paciente.id, id_doctor: doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id_cita as number;
  }

  before(async () => {
    secretaria = await fd.sys.createSecretaria();
    otro = await fd.sys.createDoctor({ nombre: 'Dr. Otro Suplente', especialidad: 'Odontología general' });
    nueva = await fd.sys.createPatient({ nombre: 'Nuria Primera' });
    later = nextWeekday(fd.day);
    // Marta: seen by Dra. Rutina Fiel (Atendida), then booked later with Dr. Otro Suplente (her latest cita, not yet seen).
    const seen = await book(fd.patient, fd.doctor, fd.day, '09:00');
    assert.equal((await fd.sys.citas.put(`/citas/${seen}`, { estado: 'Confirmada' }, fd.sys.adminToken)).status, 200);
    fd.clock.set(instantAt(parseLocalDate(fd.day), '09:10', ZONE)!);
    assert.equal((await fd.sys.citas.put(`/citas/${seen}`, { estado: 'Atendida' }, fd.sys.adminToken)).status, 200);
    await book(fd.patient, otro, later, '10:00');
    // Nuria: never seen, one cita booked with Dr. Otro Suplente.
    await book(nueva, otro, later, '11:00');
  });

  /** Reservar opened from the menu, Doctor empty; Centro and Fecha chosen first, as she may. */
  async function openReservar(page: Page): Promise<Locator> {
    await page.getByRole('link', { name: 'Reservar' }).click();
    const form = page.locator('form.reserva');
    await form.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await form.getByLabel('Centro').selectOption(String(fd.center.id));
    await form.getByLabel('Fecha').fill(later);
    return form;
  }

  async function choosePatient(page: Page, nombre: string): Promise<void> {
    await page.getByLabel('Paciente', { exact: true }).fill(nombre);
    await page.getByLabel('Paciente', { exact: true }).press('Enter');
    await page.getByRole('radio', { name: new RegExp(`^${nombre}`) }).waitFor();
  }

  it('preselects the doctor of her latest cita Atendida, says so by the field, and keeps her Centro and Fecha', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    const form = await openReservar(page);
    assert.equal(await form.getByLabel('Doctor').inputValue(), '', 'Doctor starts empty');
    await choosePatient(page, 'Marta Habitual');

    const doctor = form.getByLabel('Doctor');
    await form.getByText('Doctor habitual de Marta Habitual: Dra. Rutina Fiel').waitFor();
    assert.equal(await doctor.inputValue(), String(fd.doctor.id), 'the doctor who saw her, not the one of her latest cita');
    assert.match((await doctor.getAttribute('aria-describedby')) ?? '', /\S/, 'the words are tied to the field');
    assert.equal(await form.getByLabel('Centro').inputValue(), String(fd.center.id));
    assert.equal(await form.getByLabel('Fecha').inputValue(), later);

    // A patient never seen: the doctor of her latest cita.
    await choosePatient(page, 'Nuria Primera');
    await form.getByText('Doctor habitual de Nuria Primera: Dr. Otro Suplente').waitFor();
    assert.equal(await doctor.inputValue(), String(otro.id), 'the suggestion follows the patient while Doctor is still the page\'s choice');
    await ctx.close();
  });

  it('never overrides a doctor she picked, before choosing the patient or while her citas are read', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    let form = await openReservar(page);
    await form.getByLabel('Doctor').selectOption(String(otro.id));
    await choosePatient(page, 'Marta Habitual');
    await form.getByText('Doctor habitual de Marta Habitual: Dra. Rutina Fiel').waitFor();
    assert.equal(await form.getByLabel('Doctor').inputValue(), String(otro.id), 'picked before the patient');

    await page.reload();
    const held = await holdFirst(page, 'GET', (url) => url.pathname === '/api/citas/citas' && url.searchParams.get('id_paciente') === String(fd.patient.id));
    form = await openReservar(page);
    await choosePatient(page, 'Marta Habitual');
    await held.reached;
    await form.getByLabel('Doctor').selectOption(String(otro.id));
    held.release();
    await form.getByText('Doctor habitual de Marta Habitual: Dra. Rutina Fiel').waitFor();
    assert.equal(await form.getByLabel('Doctor').inputValue(), String(otro.id), 'picked while her citas were read');
    assert.equal(await form.getByLabel('Fecha').inputValue(), later);
    await ctx.close();
  });
});
