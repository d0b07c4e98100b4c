import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSkipReason, logIn, newContext } from '../support/browser';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * A refusal whose every problem is said under its own field: the form's
 * message line says where to look, in words, not the API's detail again
 * with the request's field names ("password_nueva: ..."), which a patient
 * cannot read. Real headless Chromium on the real services; nothing sleeps.
 */
const skip = browserSkipReason();

describe('the form\'s message line after a refusal said under its fields', { skip }, () => {
  const fd = frontDeskSuite({ patient: 'Nuria Clave' });

  it('a patient whose new password is refused reads why under Contraseña nueva, and no field name of the request anywhere', async () => {
    const ctx = await newContext(fd.browser, { width: 390, height: 844, mobile: true });
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, fd.patient.username, fd.patient.password);
    await page.getByRole('link', { name: 'Contraseña' }).click();
    await page.getByLabel('Contraseña actual', { exact: true }).fill(fd.patient.password);
    await page.getByLabel('Contraseña nueva', { exact: true }).fill('abc');
    await page.getByLabel('Repita la contraseña nueva').fill('abc');
    await page.getByRole('button', { name: 'Cambiar contraseña' }).click();

    const form = page.locator('form.contrasena');
    await form.locator('.campo-error').first().waitFor();
    const line = form.locator('p.error');
    await line.filter({ hasText: /\S/ }).waitFor();
    assert.equal(await line.innerText(), 'Revise los campos marcados.');
    assert.doesNotMatch(await form.innerText(), /password_nueva|password_actual/, 'a field name of the request reaches the patient');
    await ctx.close();
  });
});
