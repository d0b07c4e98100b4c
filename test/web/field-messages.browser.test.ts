import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { clinicDateOf } from '../../core/domain/clinic-time';
import { TEST_ADMIN } from '../support/admin';
import { openAgenda, slot } from '../support/agenda-page';
import { browserSkipReason, focusInside, launchChromium, logIn, newContext, statusSays } from '../support/browser';
import type { CenterRecord, DoctorAccount } from '../support/citas';
import { nextWeekday } from '../support/clinic-days';
import { type FrontDesk, startFrontDesk } from '../support/web';

/**
 * A save the API refuses field by field (422, `errors: [{path, message}]`):
 * each message, in the API's words, is under its own field, which is marked
 * aria-invalid and described by it (aria-describedby), and the focus is on
 * the first such field (form-messages.ts). Each form of the front desk that
 * saves, as a receptionist meets it. Real headless Chromium on the real
 * services, on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';

/** How a field reads to a screen reader: aria-invalid, and the text of what aria-describedby points at, each visible. */
async function fieldSays(field: Locator): Promise<{ invalid: string | null; described: string[] }> {
  return field.evaluate((el: any) => {
    const doc = el.ownerDocument;
    const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const described = ids
      .map((id: string) => doc.getElementById(id))
      .filter((d: any) => d && d.offsetParent !== null)
      .map((d: any) => d.textContent.trim());
    return { invalid: el.getAttribute('aria-invalid'), described };
  });
}

describe('front desk: a save refused field by field', { skip }, () => {
  let fd: FrontDesk;
  let browser: Browser;
  let day: string;
  let center: CenterRecord;
  let doctor: DoctorAccount;

  before(async () => {
    fd = await startFrontDesk();
    browser = await launchChromium();
    day = nextWeekday(clinicDateOf(fd.clock.now(), ZONE));
    center = await fd.sys.createCenter({ nombre: 'Clínica Campos' });
    doctor = await fd.sys.createDoctor({ nombre: 'Dra. Marta Campo', especialidad: 'Ortodoncia' });
  });

  after(async () => {
    await browser?.close();
    await fd?.close();
  });

  async function asAdmin(): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    return { ctx, page };
  }

  /** What the API answers to a new patient with these credentials: its 422 field by field. */
  async function refusedFields(username: string, password: string): Promise<Record<string, string>> {
    const res = await fd.sys.admin.post('/admin/pacientes', { nombre: 'Prueba', telefono: '600000000', username, password }, fd.sys.adminToken);
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.ok(res.body.errors.length >= 2, JSON.stringify(res.body));
    return Object.fromEntries(res.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
  }

  it('a new patient refused for two fields (422) says next to each field why, in the API\'s words, heard on it, with the focus on the first', async () => {
    const said = await refusedFields('ab', 'corta');
    const { ctx, page } = await asAdmin();
    await page.getByRole('link', { name: 'Pacientes' }).click();
    await page.getByRole('button', { name: 'Nuevo paciente' }).click();
    const form = page.locator('form.ficha');
    await form.getByLabel('Nombre').fill('Inés Campos');
    await form.getByLabel('Teléfono').fill('633445566');
    await form.getByLabel('Usuario').fill('ab');
    await form.getByLabel('Contraseña inicial').fill('corta');
    await form.getByRole('button', { name: 'Guardar', exact: true }).click();

    await form.locator('.error').filter({ hasText: /\S/ }).first().waitFor();
    assert.deepEqual(await fieldSays(form.getByLabel('Usuario')), { invalid: 'true', described: [said.username] });
    assert.deepEqual(await fieldSays(form.getByLabel('Contraseña inicial')), { invalid: 'true', described: [said.password] });
    assert.deepEqual(await fieldSays(form.getByLabel('Nombre')), { invalid: null, described: [] }, 'a valid field is not marked');
    await focusInside(page, 'form.ficha input[name=username]', 'a save refused for Usuario and Contraseña inicial');

    // Corrected, the messages go with the refusal.
    await form.getByLabel('Usuario').fill('ines.campos');
    await form.getByLabel('Contraseña inicial').fill('Sonrisa-2026-ok');
    await form.getByRole('button', { name: 'Guardar', exact: true }).click();
    await statusSays(page, /Paciente creado/);
    await ctx.close();
  });

  it('Crear paciente in the booking form refused for two fields (422) says next to each field why, with the focus on the first', async () => {
    const said = await refusedFields('xy', 'breve');
    const { ctx, page } = await asAdmin();
    await openAgenda(page, center.id, doctor, day);
    await slot(page, '12:00').click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.getByLabel('Paciente', { exact: true }).fill('Olga Nueva');
    await page.getByLabel('Paciente', { exact: true }).press('Enter');
    await page.getByRole('button', { name: 'Nuevo paciente' }).click();
    const nuevo = page.locator('fieldset.nuevo-paciente');
    await nuevo.getByLabel('Teléfono').fill('644556677');
    await nuevo.getByLabel('Usuario del paciente').fill('xy');
    await nuevo.getByLabel('Contraseña inicial').fill('breve');
    await nuevo.getByRole('button', { name: 'Crear paciente' }).click();

    await nuevo.locator('.error').filter({ hasText: /\S/ }).first().waitFor();
    assert.deepEqual(await fieldSays(nuevo.getByLabel('Usuario del paciente')), { invalid: 'true', described: [said.username] });
    assert.deepEqual(await fieldSays(nuevo.getByLabel('Contraseña inicial')), { invalid: 'true', described: [said.password] });
    await focusInside(page, 'fieldset.nuevo-paciente input[name=username]', 'Crear paciente refused for two fields');
    await ctx.close();
  });
});
