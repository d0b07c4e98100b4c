import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { citaAt } from '../support/agenda-page';
import { browserSkipReason, loggedIn } from '../support/browser';
import type { Account, DoctorAccount } from '../support/citas';
import { dayWords } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * A center's day with a cita's panel open beside it on a 1280 x 800 laptop:
 * the cita opened is on screen beside its panel, whatever its hour, and
 * every doctor of the day has a column she can see. Real headless Chromium
 * on the real services; positions are the browser's own boxes.
 */
const skip = browserSkipReason();
const WIDTH = 1280;
const HEIGHT = 800;

async function boxOf(el: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await el.boundingBox();
  assert.ok(box, 'not laid out');
  return box;
}

describe("a center's day with a cita's panel open, on a 1280 x 800 laptop", { skip }, () => {
  // Four doctors whose names, as the clinic writes them, are long: the day of a center like OdontoCare Chamberí.
  const fd = frontDeskSuite({ center: 'Clínica Cuatro Sillones', doctor: { nombre: 'Laura Fernández Benítez', especialidad: 'Ortodoncia' }, patient: 'Eduardo Álvarez Núñez' });
  let secretaria: Account;
  let last: DoctorAccount;

  before(async () => {
    secretaria = await fd.sys.createSecretaria();
    await fd.sys.createDoctor({ nombre: 'Juan Ramón Ortega Rubio', especialidad: 'Prostodoncia' });
    await fd.sys.createDoctor({ nombre: 'Maricarmen Crespo Campos', especialidad: 'Cirugía oral y maxilofacial' });
    last = await fd.sys.createDoctor({ nombre: 'María Cristina Gutiérrez Castro', especialidad: 'Odontología general' });
    const res = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T17:30:00`, motivo: 'Revisión', id_paciente: fd.patient.id, id_doctor: last.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });

  it('a 17:30 cita opened from Por confirmar is on screen beside its panel, and all four doctors\' columns are there beside it, the page no wider than the screen', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria, { width: WIDTH, height: HEIGHT });
    try {
      await page.getByRole('link', { name: 'Por confirmar' }).click();
      await page.getByLabel('Fecha').fill(fd.day);
      await page.getByRole('button', { name: 'Mostrar' }).click();
      await page.getByRole('button', { name: 'Ver en la agenda la cita de Eduardo Álvarez Núñez a las 17:30' }).click();
      const panel = page.locator('.cita-panel');
      await panel.getByText('Eduardo Álvarez Núñez').waitFor();
      const grid = page.getByRole('group', { name: `Agenda del ${dayWords(fd.day, fd.clock.now())}` });
      const columns = grid.getByRole('region');
      assert.equal(await columns.count(), 4);

      const [opened, cita] = [await boxOf(panel), await boxOf(citaAt(page, '17:30'))];
      assert.ok(cita.y >= 0 && cita.y + cita.height <= HEIGHT, `the cita opened (${JSON.stringify(cita)}) is not on the ${HEIGHT} px screen`);
      assert.ok(cita.x >= 0 && cita.x + cita.width <= opened.x, `the cita opened (${JSON.stringify(cita)}) is not beside its panel (${JSON.stringify(opened)})`);
      const heading = await boxOf(panel.locator('h2').first());
      assert.ok(heading.y >= 0 && heading.y + heading.height <= HEIGHT, `the panel's heading (${JSON.stringify(heading)}) is not on screen with the cita`);

      // The grid's box shows every column as it stands, none cut off under the panel nor scrolled away.
      const box = await boxOf(grid.locator('xpath=..'));
      for (const column of await columns.all()) {
        const c = await boxOf(column);
        const name = await column.getAttribute('aria-label');
        assert.ok(c.x >= box.x && c.x + c.width <= box.x + box.width + 1, `${name} (${JSON.stringify(c)}) is cut off by the grid's box (${JSON.stringify(box)})`);
      }
      const pageWidth = await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth);
      assert.ok(pageWidth <= WIDTH, `the page is ${pageWidth} px wide on a ${WIDTH} px screen`);
    } finally {
      await ctx.close();
    }
  });
});
