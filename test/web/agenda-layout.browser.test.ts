import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { openAgenda } from '../support/agenda-page';
import { browserSkipReason, loggedIn } from '../support/browser';
import { longDay } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * How the agenda is laid out where space is short: what it shows must be on
 * screen, not clipped nor pushed away from what it belongs to. Real
 * headless Chromium on the real services; positions are the browser's own
 * boxes, at the viewport each test names.
 */
const skip = browserSkipReason();
/** A name that takes two lines in a day column when four doctors share the grid (as on the clinic's own screen). */
const LONG_NAME = 'Juan Ramón Ortega Rubio';

async function boxOf(el: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await el.boundingBox();
  assert.ok(box, 'not laid out');
  return box;
}

/** Every column of `grid` starts its timeline where the hours do, so a block sits level with its hour. */
async function timelinesLevel(grid: Locator): Promise<void> {
  const hours = Math.round((await boxOf(grid.locator('.horas'))).y);
  const bodies = await grid.locator('.cuerpo').evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().y)));
  assert.ok(bodies.length > 1);
  assert.deepEqual(bodies, bodies.map(() => hours), "a column's timeline does not start level with the hours");
}

describe('the agenda laid out where space is short', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Estrecha', doctor: { nombre: LONG_NAME, especialidad: 'Prostodoncia' } });

  before(async () => {
    for (const nombre of ['Alfredo Velasco Ruiz', 'Mariana Ramírez Marín', 'Antonia Fuentes Herrero']) {
      await fd.sys.createDoctor({ nombre, especialidad: 'Odontología general' });
    }
  });

  it("a day column's header shows the doctor's specialty under a name on two lines, and every column's timeline still starts level (day and week)", async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    try {
      await openAgenda(page, fd.center.id, fd.doctor, fd.day);
      await page.getByLabel('Doctor').selectOption('');
      const grid = page.getByRole('group', { name: `Agenda del ${longDay(fd.day)}` });
      await grid.getByRole('region', { name: /^Antonia Fuentes Herrero/ }).waitFor();
      const header = grid.getByRole('region', { name: new RegExp(`^${LONG_NAME}`) }).locator('h3');
      const name = await header.evaluate((el) => {
        const range = el.ownerDocument.createRange();
        range.selectNodeContents(el.firstChild!);
        return range.getClientRects().length;
      });
      assert.ok(name >= 2, `the name takes ${name} line(s): this test needs it on two`);
      const [h, s] = [await boxOf(header), await boxOf(header.getByText('Prostodoncia'))];
      assert.ok(s.y >= h.y && s.y + s.height <= h.y + h.height, `Prostodoncia (${JSON.stringify(s)}) is cut off by its header (${JSON.stringify(h)})`);
      assert.equal(await header.evaluate((el) => el.scrollHeight <= el.clientHeight), true, 'the header hides part of its text');
      await timelinesLevel(grid);

      await page.getByRole('button', { name: 'Semana' }).click();
      await timelinesLevel(page.getByRole('group', { name: `Semana de ${LONG_NAME}` }));
    } finally {
      await ctx.close();
    }
  });

  it('on a phone (390 px), the "Mostrar canceladas" checkbox sits right next to its label', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN, { width: 390, height: 844 });
    try {
      await openAgenda(page, fd.center.id, fd.doctor, fd.day);
      const check = page.getByRole('checkbox', { name: 'Mostrar canceladas' });
      const [c, l] = [await boxOf(check), await boxOf(page.locator('label', { hasText: 'Mostrar canceladas' }))];
      // From the middle of the checkbox, where its box is drawn whatever width the control is given.
      const gap = l.x - (c.x + c.width / 2);
      assert.ok(gap >= 0 && gap <= 24, `the label (${JSON.stringify(l)}) starts ${gap} px from the middle of its checkbox (${JSON.stringify(c)})`);
      assert.ok(c.y < l.y + l.height && l.y < c.y + c.height, 'the checkbox and its label are not on one line');
    } finally {
      await ctx.close();
    }
  });
});
