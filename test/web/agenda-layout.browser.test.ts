import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { openAgenda, slot } from '../support/agenda-page';
import { browserSkipReason, loggedIn } from '../support/browser';
import type { DoctorAccount } from '../support/citas';
import { dayWords } from '../support/clinic-days';
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
/** A doctor open every day of the week, Saturday and Sunday too: her week has seven columns. */
const EVERY_DAY = { nombre: 'Rosa Siete Días', especialidad: 'Endodoncia' };

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

  let everyDay: DoctorAccount;

  before(async () => {
    everyDay = await fd.sys.createDoctor(EVERY_DAY);
    const franjas = [1, 2, 3, 4, 5, 6, 7].map((dia) => ({ dia, desde: '09:00', hasta: '11:00' }));
    const res = await fd.sys.citas.put(`/agenda/${everyDay.id}/horario`, { id_centro: fd.center.id, franjas, duracion_cita_min: 30 }, fd.sys.adminToken);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    for (const nombre of ['Alfredo Velasco Ruiz', 'Mariana Ramírez Marín', 'Antonia Fuentes Herrero']) {
      await fd.sys.createDoctor({ nombre, especialidad: 'Odontología general' });
    }
  });

  it("a day column's header shows the doctor's specialty under a name on two lines, and every column's timeline still starts level (day and week)", async () => {
    // 1024 px (a small laptop): five doctors' columns narrow enough for the long name to take two lines.
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN, { width: 1024 });
    try {
      await openAgenda(page, fd.center.id, fd.doctor, fd.day);
      await page.getByLabel('Doctor').selectOption('');
      const grid = page.getByRole('group', { name: `Agenda del ${dayWords(fd.day, fd.clock.now())}` });
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

  it("on a 1366 x 768 laptop, the agenda's controls sit on one row above the grid, every one of them with its label", async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN, { width: 1366, height: 768 });
    try {
      await openAgenda(page, fd.center.id, fd.doctor, fd.day);
      // Every doctor of the center, as she starts her day: the Doctor list holds the longest names.
      await page.getByLabel('Doctor').selectOption('');
      await page.getByRole('group', { name: `Agenda del ${dayWords(fd.day, fd.clock.now())}` }).getByRole('region', { name: /^Antonia Fuentes Herrero/ }).waitFor();
      const controls = [
        ...['Centro', 'Doctor', 'Fecha', 'Mostrar canceladas'].map((label) => page.getByLabel(label)),
        ...['Día', 'Semana', 'Anterior', 'Hoy', 'Siguiente'].map((name) => page.getByRole('button', { name, exact: true })),
      ];
      const boxes = await Promise.all(controls.map(boxOf));
      for (const [i, b] of boxes.entries()) assert.ok(b.x >= 0 && b.x + b.width <= 1366, `control ${i} (${JSON.stringify(b)}) is not on the screen`);
      for (const label of ['Centro', 'Doctor', 'Fecha']) assert.equal(await page.locator('.controles label', { hasText: label }).isVisible(), true, `${label}'s label is not shown`);
      // One row: every control shares a band of height with every other (on two rows, the 2nd row's start below the 1st's end).
      const top = Math.max(...boxes.map((b) => b.y));
      const bottom = Math.min(...boxes.map((b) => b.y + b.height));
      assert.ok(top < bottom, `the controls take more than one row: ${JSON.stringify(boxes.map((b) => Math.round(b.y)))}`);
      const height = (await boxOf(page.getByRole('search', { name: 'Qué agenda ver' }))).height;
      assert.ok(height < 110, `the controls take ${height} px of the 768 px screen`);
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

  /** Her week, seven columns, as the viewport shows it: the week's grid must not need a scroll to reach Sunday. */
  async function weekFits(page: Page, width: number): Promise<void> {
    const grid = page.getByRole('group', { name: `Semana de ${EVERY_DAY.nombre}` });
    const columns = grid.getByRole('region');
    await columns.nth(6).waitFor();
    assert.equal(await columns.count(), 7);
    for (const column of await columns.all()) {
      const box = await boxOf(column);
      const name = await column.getAttribute('aria-label');
      assert.ok(box.x >= 0 && box.x + box.width <= width, `${name} (${JSON.stringify(box)}) is not within the ${width} px the screen shows`);
    }
    const scroller = grid.locator('xpath=..');
    const [scrollWidth, clientWidth] = await scroller.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    assert.ok(scrollWidth <= clientWidth, `the week is ${scrollWidth} px wide in a box of ${clientWidth} px: part of it is scrolled away`);
  }

  it('on a 1280 x 800 laptop, the week, Saturday and Sunday too, fits on screen, with the booking form open beside it as well', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN, { width: 1280, height: 800 });
    try {
      await openAgenda(page, fd.center.id, everyDay, fd.day);
      await page.getByRole('button', { name: 'Semana' }).click();
      await weekFits(page, 1280);
      await slot(page, '09:00').first().click();
      await page.getByRole('heading', { name: /^Reservar/ }).waitFor();
      await weekFits(page, 1280);
    } finally {
      await ctx.close();
    }
  });

  it('on a phone (390 px), the week scrolls inside its own box, the page does not, and every control keeps its label', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN, { width: 390, height: 844 });
    try {
      await openAgenda(page, fd.center.id, everyDay, fd.day);
      await page.getByRole('button', { name: 'Semana' }).click();
      const grid = page.getByRole('group', { name: `Semana de ${EVERY_DAY.nombre}` });
      await grid.getByRole('region').nth(6).waitFor();
      const pageWidth = await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth);
      assert.ok(pageWidth <= 390, `the page is ${pageWidth} px wide on a 390 px phone`);
      const sunday = grid.getByRole('region').nth(6);
      await sunday.scrollIntoViewIfNeeded();
      const box = await boxOf(sunday);
      assert.ok(box.x >= 0 && box.x < 390, `Sunday (${JSON.stringify(box)}) cannot be scrolled onto the screen`);
      for (const label of ['Centro', 'Doctor', 'Fecha', 'Mostrar canceladas']) assert.equal(await page.getByLabel(label).isVisible(), true, `${label} is not on screen`);
      for (const name of ['Día', 'Semana', 'Anterior', 'Hoy', 'Siguiente']) assert.equal(await page.getByRole('button', { name, exact: true }).isVisible(), true, `${name} is not on screen`);
    } finally {
      await ctx.close();
    }
  });
});
