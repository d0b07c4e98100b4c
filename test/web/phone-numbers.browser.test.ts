import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_ADMIN } from '../support/admin';
import { citaAt, openAgenda, slot } from '../support/agenda-page';
import { browserSkipReason, loggedIn } from '../support/browser';
import { TEST_PASSWORD } from '../support/citas';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * A patient's phone as reception reads it to call her: in groups ("+34 612
 * 345 678"), wherever the page shows it (the patient search of the booking
 * form, the cita's panel, Pacientes); what admin stores (+34612345678,
 * however it was typed), and what the edit form holds and sends back, stay
 * as they were. Real headless Chromium on the real services.
 */
const skip = browserSkipReason();

const PAULA = { nombre: 'Paula Llamada', username: 'paula.llamada', typed: '612345678', stored: '+34612345678', shown: '+34 612 345 678' };
const PABLO = { nombre: 'Pablo Prefijo', username: 'pablo.prefijo', typed: '0034 612-345-679', stored: '+34612345679', shown: '+34 612 345 679' };

describe("a patient's phone, grouped for reading", { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Teléfono', doctor: { nombre: 'Dra. Marta Marcado', especialidad: 'Odontología general' } });
  const ids = new Map<string, number>();

  before(async () => {
    for (const p of [PAULA, PABLO]) {
      const res = await fd.sys.admin.post(
        '/admin/pacientes',
        { nombre: p.nombre, telefono: p.typed, username: p.username, password: TEST_PASSWORD },
        fd.sys.adminToken,
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      ids.set(p.nombre, res.body.id_paciente as number);
    }
    const res = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T10:00:00`, motivo: 'Revisión', id_paciente: ids.get(PAULA.nombre), id_doctor: fd.doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });

  it('in the booking form\'s patient search, the cita\'s panel and Pacientes; stored and edited as typed', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    try {
      await openAgenda(page, fd.center.id, fd.doctor, fd.day);
      await citaAt(page, '10:00').click();
      const panel = page.locator('.cita-panel');
      await panel.getByText(PAULA.nombre).waitFor();
      assert.equal(await panel.locator('dd').filter({ hasText: PAULA.nombre }).innerText(), `${PAULA.nombre} · ${PAULA.shown}`);

      await slot(page, '09:00').click();
      await page.getByLabel('Paciente', { exact: true }).fill('612 345');
      await page.getByLabel('Paciente', { exact: true }).press('Enter');
      for (const p of [PAULA, PABLO]) await page.getByRole('radio', { name: `${p.nombre} · ${p.shown}`, exact: true }).waitFor();

      await page.getByRole('link', { name: 'Pacientes' }).click();
      await page.getByLabel('Buscar por nombre').fill('P');
      const table = page.getByRole('table');
      for (const p of [PAULA, PABLO]) {
        const row = table.getByRole('row').filter({ hasText: p.nombre });
        await row.waitFor();
        assert.ok((await row.getByRole('cell').allInnerTexts()).includes(p.shown), `the row of ${p.nombre} does not show ${p.shown}`);
      }
      await page.getByRole('button', { name: `Editar ${PAULA.nombre}` }).click();
      assert.equal(await page.getByLabel('Teléfono', { exact: true }).inputValue(), PAULA.stored, 'the edit form does not hold the phone as stored');
    } finally {
      await ctx.close();
    }
    for (const p of [PAULA, PABLO]) {
      const stored = await fd.sys.admin.get(`/admin/pacientes/${ids.get(p.nombre)}`, fd.sys.adminToken);
      assert.equal(stored.body.telefono, p.stored);
    }
  });
});
