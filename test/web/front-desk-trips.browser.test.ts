import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_ADMIN } from '../support/admin';
import { openAgenda } from '../support/agenda-page';
import { browserSkipReason, loggedIn } from '../support/browser';
import type { Account } from '../support/citas';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * What a receptionist who books (RESERVA_SECRETARIA=true) tripped on at the
 * front desk: a walk-in patient nobody has given an alta, for whom the
 * page offered nothing. Real headless Chromium on the real services, on
 * one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();

/** What she reads when the patient she looks for is not in Pacientes and she cannot give the alta. */
const ALTA = /Dar de alta a un paciente lo hace la administración/;

describe('front desk trips of a secretaria who books', { skip }, () => {
  const fd = frontDeskSuite({
    desk: { citasEnv: { RESERVA_SECRETARIA: 'true' }, webEnv: { RESERVA_SECRETARIA: 'true' } },
    center: 'Clínica Tropiezos',
    doctor: { nombre: 'Dr. Tomás Paso', especialidad: 'Odontología general' },
    patient: 'Elena Conocida',
  });
  let secretaria: Account;

  before(async () => {
    secretaria = await fd.sys.createSecretaria();
  });

  it('a walk-in patient nobody gave an alta: the booking form and Pacientes say the administration gives it; an admin still creates her', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await page.getByRole('button', { name: /^Libre / }).first().click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.getByLabel('Paciente', { exact: true }).fill('Walter Nuevo');
    await page.getByLabel('Paciente', { exact: true }).press('Enter');
    await page.locator('form.reserva').getByText(ALTA).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Nuevo paciente' }).count(), 0, 'she is not offered what admin refuses her');

    await page.getByRole('link', { name: 'Pacientes' }).click();
    await page.getByRole('heading', { name: 'Pacientes', level: 1 }).waitFor();
    await page.getByLabel('Buscar por nombre o teléfono').fill('Walter Nuevo');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.locator('main').getByText(ALTA).waitFor();
    await ctx.close();

    const admin = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await openAgenda(admin.page, fd.center.id, fd.doctor, fd.day);
    await admin.page.getByRole('button', { name: /^Libre / }).first().click();
    await admin.page.getByLabel('Paciente', { exact: true }).fill('Walter Nuevo');
    await admin.page.getByLabel('Paciente', { exact: true }).press('Enter');
    await admin.page.getByRole('button', { name: 'Nuevo paciente' }).waitFor();
    assert.equal(await admin.page.locator('main').getByText(ALTA).count(), 0, 'an admin, who gives the alta, is not sent to herself');
    await admin.ctx.close();
  });
});
