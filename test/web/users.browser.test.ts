import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { PASSWORD_RULE } from '../../core/domain/password-policy';
import { TEST_ADMIN } from '../support/admin';
import { browserSkipReason, loggedIn, logIn, newContext, statusSays } from '../support/browser';
import { frontDeskSuite } from '../support/front-desk-suite';
import { webClient } from '../support/web';

/**
 * Usuarios, the admin's screen for accounts: the list as the API pages it
 * (roles and a doctor's name in words), a new secretaria who can then log
 * in, a forgotten password reset (the old one no longer logs in, the new
 * one does, and her open session is closed), and a secretaria who is never
 * offered it. Real headless Chromium on the real services; nothing sleeps.
 */
const skip = browserSkipReason();

/** The text of what describes `control` (aria-describedby), as a screen reader reads it after the label. */
const descriptionOf = (control: Locator): Promise<string> =>
  control.evaluate((el) => {
    const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    return ids.map((id: string) => el.ownerDocument.getElementById(id)?.textContent?.trim() ?? '').join(' ');
  });

/** Opens Usuarios and waits for its first page. */
async function usuarios(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Usuarios' }).click();
  await page.getByRole('table').getByText(/^Usuarios: \d+ \(página 1 de \d+\)$/).waitFor();
}

const row = (page: Page, username: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: username, exact: true }) });

describe('Usuarios: the admin manages accounts from the front desk', { skip }, () => {
  const fd = frontDeskSuite({ doctor: { nombre: 'Dra. Marta Cuenta', especialidad: 'Ortodoncia' } });

  it('lists the accounts with their role in words and a doctor by name, pages them, filters by role; her own row points to Contraseña', async () => {
    for (let i = 0; i < 21; i += 1) {
      const res = await fd.sys.admin.post('/admin/usuario', { username: `recepcion.lista${i}`, password: 'Recepcion-2026', rol: 'secretaria' }, fd.sys.adminToken);
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await usuarios(page);
    assert.deepEqual(await row(page, TEST_ADMIN.username).getByRole('cell').allInnerTexts(), [TEST_ADMIN.username, 'Administración', '', 'sí', 'La suya, en Contraseña']);
    assert.equal(await row(page, TEST_ADMIN.username).getByRole('button').count(), 0, 'her own password is not reset here');
    assert.deepEqual((await row(page, fd.doctor.username).getByRole('cell').allInnerTexts()).slice(0, 3), [fd.doctor.username, 'Médico', 'Dra. Marta Cuenta']);

    await page.getByLabel('Filtrar por rol').selectOption({ label: 'Secretaría' });
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.getByRole('table').getByText('Usuarios: 21 (página 1 de 2)').waitFor();
    assert.deepEqual([...new Set(await page.locator('tbody tr td:nth-child(2)').allInnerTexts())], ['Secretaría']);
    await page.getByRole('button', { name: 'Página siguiente' }).click();
    await page.getByRole('table').getByText('Usuarios: 21 (página 2 de 2)').waitFor();
    assert.equal(await page.locator('tbody tr').count(), 1);
    await ctx.close();
  });

  it('Nuevo usuario makes a secretaria (rule and limits shown before typing), who then logs in and is offered no Usuarios', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await usuarios(page);
    await page.getByRole('button', { name: 'Nuevo usuario' }).click();
    const ficha = page.locator('form.ficha');
    const inicial = ficha.getByLabel('Contraseña inicial');
    await inicial.waitFor();
    assert.equal(await descriptionOf(inicial), PASSWORD_RULE);
    assert.deepEqual(await ficha.getByLabel('Rol').locator('option').allInnerTexts(), ['Administración', 'Secretaría']);
    await ficha.getByLabel('Usuario').fill('lucia.nueva');
    await inicial.fill('Recepcion-2026');
    await ficha.getByLabel('Rol').selectOption({ label: 'Secretaría' });
    await ficha.getByRole('button', { name: 'Guardar' }).click();
    await statusSays(page, /^Usuario lucia\.nueva creado \(Secretaría\)\.$/);
    await ctx.close();

    const lucia = await newContext(fd.browser);
    const her = await lucia.newPage();
    await logIn(her, fd.web.url, 'lucia.nueva', 'Recepcion-2026');
    await her.getByRole('link', { name: 'Pacientes' }).waitFor();
    assert.equal(await her.getByRole('link', { name: 'Usuarios' }).count(), 0, 'a secretaria is not offered Usuarios');
    await her.goto(`${fd.web.url}/#/usuarios`);
    await her.getByRole('heading', { level: 1 }).first().waitFor();
    assert.notEqual(await her.getByRole('heading', { level: 1 }).first().innerText(), 'Usuarios');
    await lucia.close();
  });

  it('Restablecer contraseña asks in place, then the old password no longer logs in, the new one does, and her open session is closed', async () => {
    const sec = await fd.sys.createSecretaria();
    const open = webClient(fd.web.url);
    assert.equal((await open.login(sec.username, sec.password)).status, 200);

    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await usuarios(page);
    await page.getByLabel('Filtrar por rol').selectOption({ label: 'Secretaría' });
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.getByRole('table').getByText(/^Usuarios: \d+ \(página 1 de/).waitFor();
    // Newest last: turn to the last page, where she is.
    const last = Number(/de (\d+)\)$/.exec(await page.locator('caption').innerText())?.[1]);
    for (let p = 2; p <= last; p += 1) {
      await page.getByRole('button', { name: 'Página siguiente' }).click();
      await page.locator('caption').getByText(`(página ${p} de ${last})`).waitFor();
    }
    await page.getByRole('button', { name: `Restablecer contraseña de ${sec.username}` }).click();
    const form = page.getByRole('form', { name: `Restablecer la contraseña de ${sec.username}` });
    const nueva = form.getByLabel('Contraseña nueva');
    await nueva.waitFor();
    assert.equal(await descriptionOf(nueva), PASSWORD_RULE);

    // Escape closes it, nothing sent, the focus back on the button that opened it.
    await nueva.press('Escape');
    await form.waitFor({ state: 'detached' });
    assert.equal((await webClient(fd.web.url).login(sec.username, sec.password)).status, 200, 'Escape sent nothing');

    await page.getByRole('button', { name: `Restablecer contraseña de ${sec.username}` }).click();
    await nueva.fill('Olvidada-2027');
    await form.getByRole('button', { name: 'Confirmar restablecimiento' }).click();
    await statusSays(page, new RegExp(`^Contraseña de ${sec.username.replace(/\./g, '\\.')} restablecida\\. Sus sesiones abiertas se han cerrado`));
    await ctx.close();

    assert.equal((await open.get('/api/admin/auth/me')).status, 401, 'her session open before the reset is closed');
    assert.equal((await webClient(fd.web.url).login(sec.username, sec.password)).status, 401, 'the old password');
    assert.equal((await webClient(fd.web.url).login(sec.username, 'Olvidada-2027')).status, 200, 'the new password');
  });
});
