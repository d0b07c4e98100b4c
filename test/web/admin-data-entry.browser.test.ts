import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { browserSkipReason, focusInside, loggedIn, logIn, newContext, onScreen, statusSays } from '../support/browser';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * An admin's morning of data entry: what she has just saved is on screen
 * afterwards, whatever list she was looking at when she pressed Guardar.
 * Real Chromium on the real services, on the suite's FixedClock; every step
 * waits for what the page shows.
 */
const skip = browserSkipReason();

describe('an admin entering the network\'s data', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Mañana' });

  async function asAdmin(): Promise<{ page: Page; close: () => Promise<void> }> {
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    return { page, close: () => ctx.close() };
  }

  before(async () => {
    // A full first page of doctors: a new one is listed after them, on the next page.
    for (let i = 0; i < 21; i += 1) await fd.sys.createDoctor({ nombre: `Dra. Plantilla ${String(i).padStart(2, '0')}` });
  });

  it('a patient found by her phone, given a new number, is still on screen with it, not "0 pacientes"', async () => {
    const paciente = await fd.sys.createPatient({ nombre: 'Rosa Llamada' });
    const patched = await fd.sys.admin.request('PATCH', `/admin/pacientes/${paciente.id}`, { telefono: '+34 611 222 333' }, fd.sys.adminToken);
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const { page, close } = await asAdmin();
    await page.getByRole('link', { name: 'Pacientes', exact: true }).click();
    await page.getByRole('heading', { name: 'Pacientes', level: 1 }).waitFor();
    await page.getByLabel('Buscar por nombre o teléfono').fill('611 222 333');
    await page.getByLabel('Buscar por nombre o teléfono').press('Enter');
    const row = page.locator(`tr[data-id="${paciente.id}"]`);
    await row.getByRole('button', { name: `Editar ${paciente.nombre}` }).click();
    const ficha = page.locator('form.ficha');
    await ficha.getByLabel('Teléfono').fill('+34 699 888 777');
    await ficha.getByRole('button', { name: 'Guardar', exact: true }).click();
    await statusSays(page, /Cambios guardados/);

    await row.getByRole('cell', { name: '+34 699 888 777' }).waitFor();
    assert.match(await page.locator('caption').innerText(), /Pacientes: 1 /);
    await focusInside(page, `tr[data-id="${paciente.id}"]`, 'Guardar on her ficha');
    await close();
  });

  it('a new doctor is on screen once created, though the list he joins is longer than a page', async () => {
    const { page, close } = await asAdmin();
    await page.getByRole('link', { name: 'Doctores', exact: true }).click();
    await page.getByRole('heading', { name: 'Doctores', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Nuevo doctor' }).click();
    const ficha = page.locator('form.ficha');
    await ficha.getByLabel('Nombre').fill('Dr. Marcos Lunes');
    await ficha.getByLabel('Especialidad').fill('Endodoncia');
    await ficha.getByLabel('Usuario').fill('dr.marcos.lunes');
    await ficha.getByLabel('Contraseña inicial').fill('Sonrisa-2026-ok');
    await ficha.getByRole('button', { name: 'Guardar', exact: true }).click();
    await statusSays(page, /^Doctor creado: Dr\. Marcos Lunes\.$/);

    await page.getByRole('row', { name: /Dr\. Marcos Lunes/ }).getByRole('button', { name: 'Editar Dr. Marcos Lunes' }).waitFor();
    await close();
  });

  it('moving a doctor: a franja that clashes with his other center names that center, and says to take it off there first', async () => {
    const sur = await fd.sys.createCenter({ nombre: 'Clínica Sur Nueva' });
    const doctor = await fd.sys.createDoctor({ nombre: 'Dr. Tomás Traslado', especialidad: 'Periodoncia' });
    const put = await fd.sys.citas.put(`/agenda/${doctor.id}/horario`, { id_centro: fd.center.id, franjas: [{ dia: 1, desde: '09:00', hasta: '14:00' }] }, fd.sys.adminToken);
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const { page, close } = await asAdmin();
    await page.getByRole('link', { name: 'Horarios y ausencias' }).click();
    await page.getByRole('heading', { level: 1, name: 'Horarios y ausencias' }).waitFor();
    await page.getByLabel('Doctor').selectOption(String(doctor.id));
    await page.getByRole('cell', { name: fd.center.nombre }).waitFor(); // his schedule read
    const form = page.locator('form.horario');
    await form.getByLabel('Centro').selectOption(String(sur.id));
    await form.getByRole('button', { name: 'Añadir franja' }).click();
    await form.getByRole('button', { name: 'Guardar horario' }).click();

    await form
      .getByText(`La franja lunes 09:00-14:00 se solapa con la franja lunes 09:00-14:00 del mismo doctor en ${fd.center.nombre}: quítela antes del horario de ese centro.`)
      .waitFor();
    await close();
  });

  it('Horario on a doctor\'s row opens Horarios y ausencias with him chosen, for the admin and for a secretaria', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dr. Recién Llegado', especialidad: 'Endodoncia' });
    const secretaria = await fd.sys.createSecretaria();
    for (const who of [TEST_ADMIN, secretaria]) {
      const { ctx, page } = await loggedIn(fd.browser, fd.web.url, who, { width: 1366, height: 768 });
      await page.getByRole('link', { name: 'Doctores', exact: true }).click();
      await page.getByLabel('Buscar por nombre').fill(doctor.nombre);
      await page.getByLabel('Buscar por nombre').press('Enter');
      await page.locator(`tr[data-id="${doctor.id}"]`).getByRole('button', { name: `Horario de ${doctor.nombre}` }).click();

      await page.getByRole('heading', { level: 1, name: 'Horarios y ausencias' }).waitFor();
      assert.equal(await page.getByLabel('Doctor').inputValue(), String(doctor.id), `${who.username}: his schedule, not the first doctor's`);
      await page.getByText('Sin horario').waitFor();
      // The address names him: a reload (or Atrás and back) keeps him chosen.
      await page.reload();
      await page.getByText('Sin horario').waitFor();
      assert.equal(await page.getByLabel('Doctor').inputValue(), String(doctor.id), `${who.username}: after a reload`);
      await ctx.close();
    }
  });

  it('Especialidad suggests the network\'s specialties and asks "¿Ortodoncia?" of one typed with another case or accent', async () => {
    await fd.sys.createDoctor({ nombre: 'Dra. Brackets Primera', especialidad: 'Ortodoncia' });
    await fd.sys.createDoctor({ nombre: 'Dr. Brackets Segundo', especialidad: 'Ortodoncia' });
    await fd.sys.createDoctor({ nombre: 'Dr. Brackets Minúsculo', especialidad: 'ortodoncia' }); // a stray spelling, not offered
    const otro = await fd.sys.createDoctor({ nombre: 'Dr. Raíz Segundo', especialidad: 'Endodoncia' });
    const { page, close } = await asAdmin();
    await page.getByRole('link', { name: 'Doctores', exact: true }).click();
    await page.getByRole('button', { name: 'Nuevo doctor' }).click();
    const especialidad = page.locator('form.ficha').getByLabel('Especialidad');
    // Still the contract's text field: a new specialty can be typed; the suggestions are its list's options.
    assert.equal(await especialidad.getAttribute('type'), 'text');
    const suggested = () => especialidad.evaluate((el: any) => [...(el.list?.options ?? [])].map((o: any) => o.value));
    await page.waitForFunction(() => ((globalThis as any).document.querySelector('form.ficha input[name=especialidad]')?.list?.options.length ?? 0) > 0);
    const offered = await suggested();
    for (const s of ['Ortodoncia', 'Endodoncia']) assert.ok(offered.includes(s), `${s} offered: ${JSON.stringify(offered)}`);
    assert.equal(new Set(offered).size, offered.length, 'each specialty once');
    assert.ok(!offered.includes('ortodoncia'), `only the spelling most doctors have: ${JSON.stringify(offered)}`);

    const reads: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/admin/admin/doctores')) reads.push(r.url());
    });
    await especialidad.pressSequentially('ortodóncia');
    const ficha = page.locator('form.ficha');
    await ficha.getByText('¿Ortodoncia?').waitFor();
    await especialidad.fill('Ortodoncia');
    await ficha.getByText('¿Ortodoncia?').waitFor({ state: 'hidden' });
    await especialidad.fill('Gnatología');
    assert.equal(await ficha.getByText(/^¿/).count(), 0, 'a new specialty is not questioned');
    assert.deepEqual(reads, [], 'no read of the doctors while she types');

    // Editar offers the same.
    await ficha.getByRole('button', { name: 'Cerrar' }).click();
    await page.getByLabel('Buscar por nombre').fill(otro.nombre);
    await page.getByLabel('Buscar por nombre').press('Enter');
    await page.getByRole('button', { name: `Editar ${otro.nombre}` }).click();
    await ficha.getByLabel('Especialidad').fill('ENDODONCIA');
    await ficha.getByText('¿Endodoncia?').waitFor();
    await close();
  });

  it('on a 1366 x 768 laptop, Horario guardado is on her screen at Guardar horario far down the page, not over the button', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dr. Semana Larga', especialidad: 'Endodoncia' });
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN, { width: 1366, height: 768 });
    await page.getByRole('link', { name: 'Horarios y ausencias' }).click();
    await page.getByLabel('Doctor').selectOption(String(doctor.id));
    await page.getByText('Sin horario').waitFor();
    const form = page.locator('form.horario');
    await form.getByLabel('Centro').selectOption(String(fd.center.id));
    for (let i = 0; i < 6; i += 1) await form.getByRole('button', { name: 'Añadir franja' }).click();
    const guardar = form.getByRole('button', { name: 'Guardar horario' });
    await guardar.click();
    await statusSays(page, /Horario guardado/);

    const status = await onScreen(page.getByRole('status').filter({ hasText: /Horario guardado/ }));
    const button = await onScreen(page.locator('form.horario').getByRole('button', { name: 'Guardar horario' }));
    assert.ok(await page.evaluate(() => (globalThis as any).scrollY > 0), 'the page was scrolled down to Guardar horario');
    assert.ok(status.top >= 0 && status.bottom <= 768, `Horario guardado on screen: ${JSON.stringify(status)}`);
    assert.ok(button.top >= status.bottom, `Guardar horario not under it: ${JSON.stringify({ status, button })}`);
    await ctx.close();
  });

  it('a new doctor\'s week: each Añadir franja follows the one before, the next day at the same hours, so Monday to Friday is typed once', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dr. Lunes Aviernes', especialidad: 'Endodoncia' });
    const { page, close } = await asAdmin();
    await page.getByRole('link', { name: 'Horarios y ausencias' }).click();
    await page.getByRole('heading', { level: 1, name: 'Horarios y ausencias' }).waitFor();
    await page.getByLabel('Doctor').selectOption(String(doctor.id));
    await page.getByText('Sin horario').waitFor();
    const form = page.locator('form.horario');
    await form.getByLabel('Centro').selectOption(String(fd.center.id));
    const rows = form.locator('fieldset.franja');
    await form.getByRole('button', { name: 'Añadir franja' }).click();
    await rows.first().getByLabel('Desde').fill('08:30');
    await rows.first().getByLabel('Hasta').fill('15:00');
    for (let i = 0; i < 4; i += 1) await form.getByRole('button', { name: 'Añadir franja' }).click();
    const said = [];
    for (let i = 0; i < 5; i += 1) {
      const row = rows.nth(i);
      const dia = await row.getByLabel('Día').evaluate((s: any) => s.selectedOptions[0].textContent);
      said.push(`${dia} ${await row.getByLabel('Desde').inputValue()}-${await row.getByLabel('Hasta').inputValue()}`);
    }
    assert.deepEqual(said, ['lunes 08:30-15:00', 'martes 08:30-15:00', 'miércoles 08:30-15:00', 'jueves 08:30-15:00', 'viernes 08:30-15:00']);

    await form.getByRole('button', { name: 'Guardar horario' }).click();
    await statusSays(page, /Horario guardado/);
    const saved = (await fd.sys.citas.get(`/agenda/${doctor.id}/horario`, fd.sys.adminToken)).body.horarios;
    assert.deepEqual(saved.map((h: any) => h.franjas.map((f: any) => `${f.dia} ${f.desde}-${f.hasta}`)), [[1, 2, 3, 4, 5].map((d) => `${d} 08:30-15:00`)]);
    await close();
  });
});
