import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { browserSkipReason, loggedIn } from '../support/browser';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * People by their names: the header says who is logged in as she would say
 * it (a doctor's or a patient's name, from their record; the username only
 * for an admin or a secretaria, whose account is all there is of them),
 * and so does the admin's Usuarios list, a patient's account as a doctor's.
 * Real headless Chromium on the real services; nothing sleeps.
 */
const skip = browserSkipReason();

/** The header's "who is logged in" line, once the shell is drawn. */
const whoSays = (page: Page): Promise<string> => page.locator('header .quien').innerText();

describe('people by their names', { skip }, () => {
  const fd = frontDeskSuite({ doctor: { nombre: 'Dra. Marta Nombre García', especialidad: 'Ortodoncia' }, patient: 'Jordi Nombre Álvarez' });

  it('the header names a doctor and a patient as themselves, with the role in words; an admin and a secretaria by their username', async () => {
    const secretaria = await fd.sys.createSecretaria();
    const expected: Array<[{ username: string; password: string }, string]> = [
      [fd.doctor, 'Dra. Marta Nombre García · Médico'],
      [fd.patient, 'Jordi Nombre Álvarez · Paciente'],
      [TEST_ADMIN, `${TEST_ADMIN.username} · Administración`],
      [secretaria, `${secretaria.username} · Secretaría`],
    ];
    for (const [who, says] of expected) {
      const { ctx, page } = await loggedIn(fd.browser, fd.web.url, who);
      assert.equal(await whoSays(page), says);
      // A reload draws the page from the session the web holds: the same words.
      await page.reload();
      await page.getByRole('button', { name: 'Salir' }).waitFor();
      assert.equal(await whoSays(page), says, `${who.username} after a reload`);
      await ctx.close();
    }
  });

  it("Usuarios names a patient's account by the patient's name, a doctor's by the doctor's, with one read of patients for the whole page", async () => {
    const patients = [fd.patient, await fd.sys.createPatient({ nombre: 'Blanca Nombre Gutiérrez' }), await fd.sys.createPatient({ nombre: 'Luis Nombre Pérez' })];
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    const patientReads: string[] = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname.startsWith('/api/admin/admin/pacientes')) patientReads.push(req.url());
    });
    await page.getByRole('link', { name: 'Usuarios' }).click();
    await page.getByLabel('Filtrar por rol').selectOption({ label: 'Paciente' });
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.getByRole('table').getByText('Usuarios: 3 (página 1 de 1)').waitFor();
    for (const p of patients) {
      const cells = page.getByRole('row').filter({ has: page.getByRole('cell', { name: p.username, exact: true }) }).getByRole('cell');
      assert.deepEqual((await cells.allInnerTexts()).slice(0, 3), [p.username, 'Paciente', p.nombre]);
    }
    // Before the filter the first page (all roles) was drawn too: one read of patients for each page drawn, never one per row.
    assert.ok(patientReads.length <= 2, `patients read once a page, not once a row: ${patientReads.join(', ')}`);

    await page.getByLabel('Filtrar por rol').selectOption({ label: 'Médico' });
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.getByRole('table').getByText('Usuarios: 1 (página 1 de 1)').waitFor();
    const doctorCells = page.getByRole('row').filter({ has: page.getByRole('cell', { name: fd.doctor.username, exact: true }) }).getByRole('cell');
    assert.deepEqual((await doctorCells.allInnerTexts()).slice(0, 3), [fd.doctor.username, 'Médico', fd.doctor.nombre]);
    await ctx.close();
  });
});
