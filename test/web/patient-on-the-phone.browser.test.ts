import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkipReason, focusInside, loggedIn } from '../support/browser';
import type { Account } from '../support/citas';
import { dayWords } from '../support/clinic-days';
import { frontDeskSuite, suiteCita } from '../support/front-desk-suite';

/**
 * A patient phones reception to move or cancel her cita: the receptionist
 * finds her in Pacientes by the phone number she gives (or her name), sees
 * her coming citas in words, and opens the one she means in the agenda, on
 * its day and center, where Cambiar and Cancelar are. Keyboard only. Real
 * headless Chromium on the real services, on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();

describe('a patient on the phone, found by reception', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Teléfono',
    doctor: { nombre: 'Dra. Paula Llamada', especialidad: 'Odontología general' },
    patient: 'Rosa Telefonea',
  });
  let secretaria: Account;

  before(async () => {
    secretaria = await fd.sys.createSecretaria();
  });

  /** Pacientes, and what the caller says typed into its search, sent with Enter: keyboard only. */
  async function searchPacientes(page: Page, said: string): Promise<void> {
    await page.getByRole('link', { name: 'Pacientes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pacientes' }).waitFor();
    await page.getByRole('searchbox').focus();
    await page.keyboard.type(said);
    await page.keyboard.press('Enter');
  }

  it('Pacientes finds her by the phone she says, spaced as people say it', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    try {
      // createPatient's phone, 600123456, as she hears it on the phone.
      await searchPacientes(page, '600 12 34 56');
      await page.getByRole('cell', { name: fd.patient.nombre, exact: true }).waitFor();
      assert.match(await page.locator('caption').innerText(), /^Pacientes: 1 /);
    } finally {
      await ctx.close();
    }
  });

  it('the one patient her number finds has her coming citas on screen at once, the focus on them: no Citas to press while she waits', async () => {
    await suiteCita(fd, '12:30', 'Limpieza');
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    try {
      await searchPacientes(page, '600 12 34 56');
      const list = page.getByRole('region', { name: `Próximas citas de ${fd.patient.nombre}` });
      await list.waitFor();
      await focusInside(page, `section[aria-label="Próximas citas de ${fd.patient.nombre}"]`, 'a search that found her alone');
      // One Tab and Enter open the cita she means.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 2, name: `${dayWords(fd.day, fd.clock.now())}, 12:30 – 13:00` }).waitFor();

      // The next caller, whose name finds nobody: Rosa's citas do not stay on screen under that search.
      await page.getByRole('link', { name: 'Pacientes' }).click();
      await page.getByRole('searchbox').fill('600 12 34 56');
      await page.keyboard.press('Enter');
      await list.waitFor();
      await page.getByRole('searchbox').fill('Nadie Llamado Así');
      await page.keyboard.press('Enter');
      await page.locator('caption', { hasText: /^Pacientes: 0 / }).waitFor();
      await list.waitFor({ state: 'detached' });
    } finally {
      await ctx.close();
    }
  });

  it('shows her coming citas by day, hour, doctor and center, and opens the one she means in the agenda', async () => {
    await suiteCita(fd, '10:30', 'Revisión');
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    try {
      await searchPacientes(page, 'Rosa');
      const citas = page.getByRole('button', { name: `Citas de ${fd.patient.nombre}` });
      await citas.focus();
      await page.keyboard.press('Enter');

      const list = page.getByRole('region', { name: `Próximas citas de ${fd.patient.nombre}` });
      await list.waitFor();
      const day = dayWords(fd.day, fd.clock.now());
      const said = await list.innerText();
      assert.ok(said.includes(`${day}, 10:30`), `the list does not say the day and hour: ${said}`);
      assert.ok(said.includes(fd.doctor.nombre) && said.includes(fd.center.nombre) && said.includes('Programada'), said);
      assert.doesNotMatch(said, /\d{4}-\d{2}-\d{2}|id_|cita \d/, `an internal id or an ISO date on screen: ${said}`);

      await focusInside(page, `section[aria-label="Próximas citas de ${fd.patient.nombre}"]`, 'pressing Citas');
      await list.getByRole('button', { name: new RegExp(`${day}, 10:30`) }).focus();
      await page.keyboard.press('Enter');

      // The agenda of that day and center, with her cita's panel open and the focus on it.
      await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
      const panel = page.getByRole('heading', { level: 2, name: `${day}, 10:30 – 11:00` });
      await panel.waitFor();
      await focusInside(page, '.detalle', 'opening the cita from Pacientes');
      assert.equal(await page.getByLabel('Fecha').first().inputValue(), fd.day);
      assert.equal(await page.getByLabel('Centro').first().locator('option:checked').innerText(), fd.center.nombre);
      assert.ok(await page.getByRole('button', { name: 'Cambiar', exact: true }).isVisible());
      assert.ok(await page.getByRole('button', { name: 'Cancelar', exact: true }).isVisible());
    } finally {
      await ctx.close();
    }
  });
});
