import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { clinicDateOf } from '../../core/domain/clinic-time';
import { TEST_ADMIN } from '../support/admin';
import { citaAt, openAgenda, openAtTheDesk, slot } from '../support/agenda-page';
import { axeViolations } from '../support/axe';
import { browserSkipReason, launchChromium, loggedIn, newContext, WAIT_MS } from '../support/browser';
import type { Account, CenterRecord, DoctorAccount, PatientAccount } from '../support/citas';
import { addDays, nextWeekday } from '../support/clinic-days';
import { type FrontDesk, startFrontDesk } from '../support/web';

/**
 * The front desk audited by axe-core (its WCAG 2.0 and 2.1 A and AA rules,
 * test/support/axe.ts) on each main screen, as each role that uses it sees
 * it, with what the screen shows at its fullest: a cita's panel open, a
 * form with the API's messages under its fields, a service that does not
 * answer. Each test audits all of its role's screens, then lists every
 * violation found on any of them. Real headless Chromium on the real
 * services, on one FixedClock; nothing sleeps: each screen is audited once
 * what its user would see is on it.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';

describe('front desk accessibility (axe-core, WCAG 2.1 AA)', { skip }, () => {
  let fd: FrontDesk;
  let browser: Browser;
  let day: string;
  let center: CenterRecord;
  let doctor: DoctorAccount;
  let patient: PatientAccount;
  let secretaria: Account;

  before(async () => {
    fd = await startFrontDesk();
    browser = await launchChromium();
    day = nextWeekday(clinicDateOf(fd.clock.now(), ZONE));
    center = await fd.sys.createCenter({ nombre: 'Clínica Accesible' });
    doctor = await fd.sys.createDoctor({ nombre: 'Dra. Alba Contraste', especialidad: 'Ortodoncia' });
    patient = await fd.sys.createPatient({ nombre: 'Leo Etiqueta' });
    secretaria = await fd.sys.createSecretaria();
    const horario = await fd.sys.citas.put(
      `/agenda/${doctor.id}/horario`,
      { id_centro: center.id, franjas: [1, 2, 3, 4, 5].map((dia) => ({ dia, desde: '09:00', hasta: '14:00' })), duracion_cita_min: 30 },
      fd.sys.adminToken,
    );
    assert.equal(horario.status, 200, JSON.stringify(horario.body));
    const ausencia = await fd.sys.citas.post(
      `/agenda/${doctor.id}/ausencias`,
      { desde: `${addDays(day, 14)}T09:00:00`, hasta: `${addDays(day, 14)}T14:00:00`, motivo: 'Congreso' },
      fd.sys.adminToken,
    );
    assert.equal(ausencia.status, 201, JSON.stringify(ausencia.body));
    // The patient's day with the doctor: one cita as booked, one confirmed, one she cancelled.
    for (const [time, estado] of [['09:00', undefined], ['10:00', 'Confirmada'], ['11:00', 'Cancelada']] as const) {
      const booked = await fd.sys.citas.post(
        '/citas',
        { fecha: `${day}T${time}:00`, motivo: `Revisión de las ${time}`, id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id },
        fd.sys.adminToken,
      );
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      if (estado) assert.equal((await fd.sys.citas.put(`/citas/${booked.body.id_cita}`, { estado }, fd.sys.adminToken)).status, 200);
    }
  });

  after(async () => {
    await browser?.close();
    await fd?.close();
  });

  /** The agenda's week view, once its grid is drawn. */
  async function weekView(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Semana' }).click();
    await page.locator('.resumen', { hasText: /^Semana del / }).waitFor();
    await page.getByRole('group', { name: /^Semana de / }).first().waitFor();
  }

  /** A directory's list, once its table is drawn. */
  async function directory(page: Page, title: 'Pacientes' | 'Doctores' | 'Centros'): Promise<void> {
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('table').getByText(new RegExp(`^${title}: \\d+ \\(página 1 de`)).waitFor();
  }

  /**
   * The booking form once what it reads from the APIs is in it: the doctors, then Hora's free slots (or, with no
   * doctor chosen yet, its request to choose one).
   */
  async function bookingFormReady(page: Page): Promise<void> {
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.waitForFunction(
      () => {
        const form = (globalThis as any).document.querySelector('form.reserva');
        const hora = form?.querySelector('select[name=hora]');
        return form?.querySelector('select[name=id_doctor]')?.options.length > 1 && hora && !/Leyendo/.test(hora.options[0]?.textContent ?? '');
      },
      undefined,
      { timeout: WAIT_MS },
    );
  }

  it('the login form, as it opens and with a refused password', async () => {
    const found: string[] = [];
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(fd.web.url);
    await page.getByLabel('Usuario').waitFor();
    found.push(...(await axeViolations(page, 'login')));
    await page.getByLabel('Usuario').fill(secretaria.username);
    await page.getByLabel('Contraseña', { exact: true }).fill('no-es-la-clave');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('alert').getByText(/\S/).waitFor();
    found.push(...(await axeViolations(page, 'login, refused')));
    await ctx.close();
    assert.deepEqual(found, []);
  });

  it("a receptionist's screens: agenda day and week, a cita's panel, Cancelar and Historial, Próximos huecos, Horarios y ausencias, the directories", async () => {
    const found: string[] = [];
    const { ctx, page } = await openAtTheDesk(fd, browser, { center, day, as: secretaria }, { doctor: 'Dr. Íñigo Foco', patient: 'Ana Lectora', time: '12:00', motivo: 'Empaste' });
    found.push(...(await axeViolations(page, 'agenda, day, a cita panel open (secretaria)')));
    const panel = page.locator('.cita-panel');
    await panel.getByRole('button', { name: 'Cancelar', exact: true }).click();
    await page.getByLabel('Motivo de cancelación').waitFor();
    found.push(...(await axeViolations(page, 'cita panel, Cancelar (secretaria)')));
    await panel.getByRole('button', { name: 'Historial' }).click();
    await page.getByRole('region', { name: 'Historial de la cita' }).getByText('Reservada').waitFor();
    found.push(...(await axeViolations(page, 'cita panel, Historial (secretaria)')));

    await openAgenda(page, center.id, doctor, day);
    await citaAt(page, '10:00').waitFor();
    found.push(...(await axeViolations(page, 'agenda, day (secretaria)')));
    await page.getByLabel('Mostrar canceladas').check();
    await citaAt(page, '11:00').waitFor();
    found.push(...(await axeViolations(page, 'agenda, day, Mostrar canceladas (secretaria)')));
    await weekView(page);
    found.push(...(await axeViolations(page, 'agenda, week (secretaria)')));

    await page.getByRole('link', { name: 'Próximos huecos' }).click();
    await page.getByLabel('Especialidad').selectOption('Ortodoncia');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page.getByRole('table').getByText('Dra. Alba Contraste').first().waitFor();
    found.push(...(await axeViolations(page, 'próximos huecos (secretaria)')));

    await page.getByRole('link', { name: 'Horarios y ausencias' }).click();
    await page.getByRole('heading', { level: 1, name: 'Horarios y ausencias' }).waitFor();
    await page.getByLabel('Doctor').selectOption(String(doctor.id));
    await page.getByRole('cell', { name: 'Clínica Accesible' }).waitFor();
    await page.locator('ul.ausencias').getByText('Congreso').waitFor();
    found.push(...(await axeViolations(page, 'horarios y ausencias (secretaria)')));

    for (const title of ['Pacientes', 'Doctores', 'Centros'] as const) {
      await directory(page, title);
      found.push(...(await axeViolations(page, `${title.toLowerCase()} (secretaria)`)));
    }
    await page.getByRole('link', { name: 'Contraseña' }).click();
    await page.getByLabel('Contraseña actual').waitFor();
    found.push(...(await axeViolations(page, 'contraseña (secretaria)')));
    await ctx.close();
    assert.deepEqual(found, []);
  });

  it("an admin's screens: the booking form and its patient search, the Reservar page, the directories' editors, a 422 under its fields, a 503", async () => {
    const found: string[] = [];
    const { ctx, page } = await loggedIn(browser, fd.web.url, TEST_ADMIN);
    await openAgenda(page, center.id, doctor, day);
    await slot(page, '12:00').click();
    await bookingFormReady(page);
    found.push(...(await axeViolations(page, 'booking form (admin)')));
    await page.getByLabel('Paciente').fill('Leo');
    await page.getByLabel('Paciente').press('Enter');
    await page.getByRole('radio', { name: /Leo Etiqueta/ }).waitFor();
    found.push(...(await axeViolations(page, 'booking form, a patient found (admin)')));
    await page.getByLabel('Paciente').fill('Nadie Existe');
    await page.getByLabel('Paciente').press('Enter');
    await page.getByRole('button', { name: 'Nuevo paciente' }).click();
    await page.getByLabel('Usuario del paciente').waitFor();
    found.push(...(await axeViolations(page, 'booking form, Nuevo paciente (admin)')));

    await page.getByRole('link', { name: 'Reservar' }).click();
    await bookingFormReady(page);
    await page.getByLabel('Especialidad').selectOption('Ortodoncia');
    await page.getByRole('button', { name: 'Buscar próximos huecos' }).click();
    await page.locator('button.hueco-proximo').first().waitFor();
    found.push(...(await axeViolations(page, 'reservar, next free slots (admin)')));

    await directory(page, 'Pacientes');
    await page.getByRole('button', { name: 'Nuevo paciente' }).click();
    const ficha = page.locator('form.ficha');
    await ficha.getByLabel('Nombre').fill('Inés Contraste');
    await ficha.getByLabel('Teléfono').fill('633445566');
    await ficha.getByLabel('Usuario').fill('ab');
    await ficha.getByLabel('Contraseña inicial').fill('corta');
    found.push(...(await axeViolations(page, 'patient editor, new (admin)')));
    await ficha.getByRole('button', { name: 'Guardar', exact: true }).click();
    await ficha.locator('.campo-error').nth(1).waitFor();
    found.push(...(await axeViolations(page, 'patient editor, refused field by field: 422 (admin)')));
    await directory(page, 'Doctores');
    await page.getByRole('button', { name: 'Editar Dra. Alba Contraste' }).click();
    await page.getByRole('heading', { name: 'Editar Dra. Alba Contraste' }).waitFor();
    found.push(...(await axeViolations(page, 'doctor editor (admin)')));
    await directory(page, 'Centros');
    await page.getByRole('button', { name: 'Editar Clínica Accesible' }).click();
    await page.getByRole('heading', { name: 'Editar Clínica Accesible' }).waitFor();
    found.push(...(await axeViolations(page, 'center editor (admin)')));

    // Admin stops answering as she books: citas cannot check the patient and answers 503.
    await openAgenda(page, center.id, doctor, day);
    await slot(page, '13:00').click();
    await bookingFormReady(page);
    await page.getByLabel('Paciente').fill('Leo');
    await page.getByLabel('Paciente').press('Enter');
    await page.getByRole('radio', { name: /Leo Etiqueta/ }).waitFor();
    await page.getByLabel('Motivo', { exact: true }).fill('Limpieza');
    await fd.sys.stopAdmin();
    try {
      await page.getByRole('button', { name: 'Reservar', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'Servicio no disponible' }).getByRole('button', { name: 'Reintentar' }).waitFor();
      await page.locator('form.reserva > p.error').getByText(/aviso de arriba/).waitFor();
      found.push(...(await axeViolations(page, 'a 503: the notice and the form line (admin)')));
    } finally {
      await fd.sys.startAdminAgain();
    }
    await ctx.close();
    assert.deepEqual(found, []);
  });

  it("a doctor's screens: Mi agenda day and week, a cita's panel, Mis ausencias", async () => {
    const found: string[] = [];
    const { ctx, page } = await loggedIn(browser, fd.web.url, doctor);
    await page.getByRole('heading', { name: 'Mi agenda' }).waitFor();
    await page.getByLabel('Fecha').fill(day);
    await citaAt(page, '10:00').waitFor();
    found.push(...(await axeViolations(page, 'mi agenda, day (medico)')));
    await citaAt(page, '10:00').click();
    await page.getByRole('group', { name: 'Acciones de la cita' }).waitFor();
    found.push(...(await axeViolations(page, 'mi agenda, a cita panel open (medico)')));
    await weekView(page);
    found.push(...(await axeViolations(page, 'mi agenda, week (medico)')));
    await page.getByRole('link', { name: 'Mis ausencias' }).click();
    await page.locator('ul.ausencias').getByText('Congreso').waitFor();
    found.push(...(await axeViolations(page, 'mis ausencias (medico)')));
    await ctx.close();
    assert.deepEqual(found, []);
  });

  it("a patient's screens on a 375 px phone: Mis citas, Cambiar, Reservar with the next free slots", async () => {
    const found: string[] = [];
    const { ctx, page } = await loggedIn(browser, fd.web.url, patient, { width: 375, height: 740, mobile: true });
    await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    const proxima = page.getByRole('region', { name: 'Próximas' }).locator('.cita-panel').filter({ hasText: 'Revisión de las 09:00' });
    await proxima.waitFor();
    await page.getByRole('region', { name: 'Anteriores y canceladas' }).locator('.cita-panel').filter({ hasText: 'Revisión de las 11:00' }).waitFor();
    found.push(...(await axeViolations(page, 'mis citas (paciente)')));
    await proxima.getByRole('button', { name: 'Cambiar', exact: true }).click();
    await page.getByRole('heading', { name: 'Cambiar la cita' }).waitFor();
    await page.waitForFunction(() => (globalThis as any).document.querySelector('form.reserva select[name=hora]')?.options.length > 1, undefined, { timeout: WAIT_MS });
    found.push(...(await axeViolations(page, 'mis citas, Cambiar (paciente)')));
    await page.getByRole('link', { name: 'Reservar' }).click();
    await bookingFormReady(page);
    await page.getByLabel('Especialidad').selectOption('Ortodoncia');
    await page.getByRole('button', { name: 'Buscar próximos huecos' }).click();
    await page.locator('button.hueco-proximo').first().waitFor();
    found.push(...(await axeViolations(page, 'reservar, next free slots (paciente)')));
    await ctx.close();
    assert.deepEqual(found, []);
  });
});
