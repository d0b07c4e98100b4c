import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { MOTIVO_AUSENCIA_MAX } from '../../core/domain/absence';
import { DURACION_MAX_MIN, DURACION_MIN_MIN, DURACION_PASO_MIN, MOTIVO_MAX } from '../../core/domain/appointment';
import { ESPECIALIDAD_MAX, NOMBRE_DOCTOR_MAX } from '../../core/domain/doctor';
import { PASSWORD_MAX, PASSWORD_RULE } from '../../core/domain/password-policy';
import { USERNAME_MAX } from '../../core/domain/user';
import { TEST_ADMIN } from '../support/admin';
import { browserSkipReason, loggedIn, logIn, newContext } from '../support/browser';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * What a form tells a person before and after she presses: never the
 * browser's own validation bubble (in the browser's language, "Please fill
 * out this field" on an English one), but the API's 422 under each field;
 * what a new password must be, before she types one; and a field's length
 * limit as core has it. Real headless Chromium on the real services;
 * nothing sleeps.
 */
const skip = browserSkipReason();

/** The text of what describes `control` (aria-describedby), as a screen reader reads it after the label. */
async function descriptionOf(control: Locator): Promise<string> {
  return control.evaluate((el) => {
    const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    return ids.map((id: string) => el.ownerDocument.getElementById(id)?.textContent?.trim() ?? '').join(' ');
  });
}

/** Forms on screen the browser would judge itself (no novalidate). */
const formsTheBrowserJudges = (page: Page): Promise<string[]> =>
  page.evaluate(() => [...(globalThis as any).document.querySelectorAll('form')].filter((f: any) => !f.noValidate).map((f: any) => f.className));

describe('forms say what is wrong, and what is wanted, in the page\'s own words', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Reglas', doctor: { nombre: 'Dra. Elena Norma', especialidad: 'Ortodoncia' }, patient: 'Nuria Regla' });

  it('an empty login is sent and refused under Usuario and Contraseña in Spanish, not by the browser; the next login goes in', async () => {
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await page.goto(fd.web.url);
    const usuario = page.getByLabel('Usuario');
    const password = page.getByLabel('Contraseña', { exact: true });
    await usuario.waitFor();
    assert.deepEqual(await formsTheBrowserJudges(page), [], 'the login form leaves nothing to the browser');

    const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/sesion');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await sent;
    const form = page.locator('form.login');
    await form.locator('.campo-error').nth(1).waitFor();
    assert.equal(await usuario.getAttribute('aria-invalid'), 'true');
    assert.equal(await password.getAttribute('aria-invalid'), 'true');
    assert.equal(await descriptionOf(usuario), 'No puede estar vacío.');
    assert.equal(await descriptionOf(password), 'No puede estar vacío.');
    assert.equal(await form.locator('p.error').innerText(), 'Revise los campos marcados.');
    assert.doesNotMatch(await form.innerText(), /username|password/, 'a field name of the request reaches the receptionist');

    // Refused before any password was checked: nothing counts against the account.
    await usuario.fill(fd.patient.username);
    await password.fill(fd.patient.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('button', { name: 'Salir' }).waitFor();
    await ctx.close();
  });

  it('Contraseña nueva says the password rule before anything is typed; no form of the page is left to the browser', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.patient, { width: 390, height: 844, mobile: true });
    await page.getByRole('link', { name: 'Contraseña' }).click();
    const nueva = page.getByLabel('Contraseña nueva', { exact: true });
    await nueva.waitFor();
    assert.equal(await descriptionOf(nueva), PASSWORD_RULE);
    assert.equal(await nueva.getAttribute('maxlength'), String(PASSWORD_MAX));
    assert.deepEqual(await formsTheBrowserJudges(page), []);
    await ctx.close();
  });

  it("an admin's new doctor: each field's maxlength is core's, and Contraseña inicial says the rule", async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await page.getByRole('link', { name: 'Doctores' }).click();
    await page.getByRole('button', { name: 'Nuevo doctor' }).click();
    const inicial = page.getByLabel('Contraseña inicial');
    await inicial.waitFor();
    const ficha = page.locator('form', { has: inicial });
    assert.deepEqual(
      await Promise.all(['Nombre', 'Especialidad', 'Usuario', 'Contraseña inicial'].map((label) => ficha.getByLabel(label, { exact: true }).getAttribute('maxlength'))),
      [NOMBRE_DOCTOR_MAX, ESPECIALIDAD_MAX, USERNAME_MAX, PASSWORD_MAX].map(String),
    );
    assert.equal(await descriptionOf(inicial), PASSWORD_RULE);
    assert.deepEqual(await formsTheBrowserJudges(page), []);
    await ctx.close();
  });

  it("Contraseña inicial of a new patient or doctor is a new password: the browser offers no saved one of the admin's, and the rule is said", async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    for (const [link, nuevo] of [['Pacientes', 'Nuevo paciente'], ['Doctores', 'Nuevo doctor']]) {
      await page.getByRole('link', { name: link }).click();
      await page.getByRole('button', { name: nuevo }).click();
      const inicial = page.getByLabel('Contraseña inicial');
      await inicial.waitFor();
      // Without autocomplete=new-password a browser fills in the password it saved for this site: the admin's own.
      assert.equal(await inicial.getAttribute('autocomplete'), 'new-password', `${nuevo}: autocomplete`);
      assert.equal(await inicial.getAttribute('type'), 'password', `${nuevo}: type`);
      assert.equal(await descriptionOf(inicial), PASSWORD_RULE, `${nuevo}: the rule, before she types`);
      assert.equal(await inicial.getAttribute('maxlength'), String(PASSWORD_MAX), `${nuevo}: maxlength`);
    }
    await ctx.close();
  });

  it('an absence pressed with Desde and Hasta empty is sent, and each says under it that it is missing, in Spanish', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await page.getByRole('link', { name: 'Horarios y ausencias' }).click();
    // The agenda she leaves has a Doctor field too: choose in this page's, once it is drawn.
    await page.getByRole('heading', { level: 1, name: 'Horarios y ausencias' }).waitFor();
    await page.getByLabel('Doctor').selectOption(String(fd.doctor.id));
    await page.getByRole('heading', { name: 'Editar horario' }).waitFor();
    const form = page.locator('form.ausencia');
    // The form starts as today's whole day: emptied, as she may leave them.
    await form.getByLabel('Desde').fill('');
    await form.getByLabel('Hasta').fill('');
    await form.getByRole('button', { name: 'Añadir ausencia' }).click();
    await form.locator('.campo-error').nth(1).waitFor();
    assert.equal(await descriptionOf(form.getByLabel('Desde')), 'Falta este campo.');
    assert.equal(await descriptionOf(form.getByLabel('Hasta')), 'Falta este campo.');
    assert.equal(await form.getByLabel('Motivo').getAttribute('maxlength'), String(MOTIVO_AUSENCIA_MAX));
    await ctx.close();
  });

  it("a schedule's Duración de cita takes core's least, most and step", async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await page.getByRole('link', { name: 'Horarios y ausencias' }).click();
    await page.getByRole('heading', { level: 1, name: 'Horarios y ausencias' }).waitFor();
    await page.getByLabel('Doctor').selectOption(String(fd.doctor.id));
    const duracion = page.getByLabel('Duración de cita (min)');
    await duracion.waitFor();
    assert.deepEqual(
      await Promise.all(['min', 'max', 'step'].map((name) => duracion.getAttribute(name))),
      [DURACION_MIN_MIN, DURACION_MAX_MIN, DURACION_PASO_MIN].map(String),
    );
    await ctx.close();
  });

  it('the step is the session\'s, not a number of the page: a session that said 15 gets an input that steps by 15', async () => {
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    // Only the answer the page reads is changed, on its way in (login's POST and any later GET /api/sesion).
    await page.route(
      (url) => url.pathname === '/api/sesion',
      async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        if (body?.limites) body.limites.duracion_cita_paso_min = 15;
        await route.fulfill({ response, json: body });
      },
    );
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await page.getByRole('link', { name: 'Horarios y ausencias' }).click();
    await page.getByRole('heading', { level: 1, name: 'Horarios y ausencias' }).waitFor();
    await page.getByLabel('Doctor').selectOption(String(fd.doctor.id));
    const duracion = page.getByLabel('Duración de cita (min)');
    await duracion.waitFor();
    assert.equal(await duracion.getAttribute('step'), '15');
    await ctx.close();
  });

  it("the booking form's Motivo takes core's length", async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.patient, { width: 390, height: 844, mobile: true });
    await page.getByRole('link', { name: 'Reservar' }).click();
    const motivo = page.getByLabel('Motivo');
    await motivo.waitFor();
    assert.equal(await motivo.getAttribute('maxlength'), String(MOTIVO_MAX));
    await ctx.close();
  });
});
