import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { boxOf, citaAt, lateCitaOfManyDoctors, manyDoctorsDesk, openAgenda, openFromPorConfirmar } from '../support/agenda-page';
import { browserSkipReason, loggedIn } from '../support/browser';
import type { Account, DoctorAccount } from '../support/citas';
import { dayWords } from '../support/clinic-days';

/**
 * A center's day scrolled to the afternoon, on the laptops at the front
 * desk (1280 x 800, 1366 x 768) and on a tablet held upright (768 x 1024,
 * a desk without a PC): whose column is whose stays on screen,
 * and a fifth doctor's column, scrolled sideways in the grid's box, is
 * reachable from where she is, the hours beside it. Real headless Chromium
 * on the real services; what counts is what the browser draws on top at a
 * point (elementFromPoint), not only where a box is.
 */
const skip = browserSkipReason();

/** Whether `el` is what a person sees at its own middle: on the screen, and not under anything else. */
async function seen(el: Locator): Promise<boolean> {
  return el.evaluate((node: any) => {
    const r = node.getBoundingClientRect();
    const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
    const win = (globalThis as any).window;
    if (x < 0 || y < 0 || x > win.innerWidth || y > win.innerHeight) return false;
    const top = (globalThis as any).document.elementFromPoint(x, y);
    return !!top && (top === node || node.contains(top));
  });
}

/** The headings she reads a column by (a doctor's name, a week's day) that are not seen where they stand. */
async function unseenHeadings(grid: Locator): Promise<string[]> {
  const out: string[] = [];
  for (const column of await grid.getByRole('region').all()) {
    const inBox = await column.evaluate((node: any) => {
      const c = node.getBoundingClientRect();
      const box = node.closest('.rejilla-scroll').getBoundingClientRect();
      return c.left + c.width / 2 > box.left && c.left + c.width / 2 < box.right;
    });
    if (inBox && !(await seen(column.locator('h3')))) out.push(String(await column.getAttribute('aria-label')));
  }
  return out;
}

describe('the agenda scrolled down and sideways, on the front desk\'s laptops and a tablet upright', { skip }, () => {
  const fd = manyDoctorsDesk('Clínica Cinco Sillones');
  let secretaria: Account;
  let last: DoctorAccount;
  before(async () => ({ secretaria, last } = await lateCitaOfManyDoctors(fd, 5)));

  for (const [width, height] of [[1280, 800], [1366, 768]]) {
    it(`${width} x ${height}: at a 17:30 cita opened beside its panel, every doctor's name shows over the columns, and the last doctor is a sideways scroll of the grid's box away, the hours still beside it`, async () => {
      const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria, { width, height });
      try {
        await openFromPorConfirmar(page, fd.day, 'Eduardo Álvarez Núñez', '17:30');
        const grid = page.getByRole('group', { name: `Agenda del ${dayWords(fd.day, fd.clock.now())}` });
        assert.equal(await grid.getByRole('region').count(), 5);
        assert.ok(await seen(citaAt(page, '17:30')), 'the cita opened is not on screen');
        assert.deepEqual(await unseenHeadings(grid), [], 'columns whose doctor is out of sight at 17:30');

        // The grid's box alone, scrolled to its right end (its scrollbar, or a sideways swipe over it).
        const box = grid.locator('xpath=..');
        const b = await boxOf(box);
        assert.ok(b.y + b.height <= height + 1, `the grid's box (${JSON.stringify(b)}) ends below the ${height} px screen, its sideways scrollbar with it`);
        await box.evaluate((node: any) => node.scrollTo({ left: node.scrollWidth }));
        const lastColumn = grid.getByRole('region', { name: new RegExp(`^${last.nombre}`) });
        assert.ok(await seen(lastColumn.locator('h3')), `${last.nombre}'s name is not on screen with her column scrolled to`);
        assert.ok(await seen(page.locator('.hora', { hasText: '17:00' })), 'the hours are not beside the last doctor\'s column');
        const pageWidth = await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth);
        assert.ok(pageWidth <= width, `the page is ${pageWidth} px wide on a ${width} px screen`);
      } finally {
        await ctx.close();
      }
    });
  }

  /** A tablet held upright at a desk without a PC: the agenda of the center, every doctor. */
  const TABLET = { width: 768, height: 1024 };

  it('768 x 1024, a tablet upright: the center\'s day scrolled down to 17:30 by hand still shows every doctor\'s name over the columns, in a box that ends on the screen', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria, TABLET);
    try {
      await openAgenda(page, fd.center.id, { nombre: last.nombre }, fd.day);
      const grid = page.getByRole('group', { name: `Agenda del ${dayWords(fd.day, fd.clock.now())}` });
      await citaAt(page, '17:30').waitFor();
      assert.equal(await grid.getByRole('region').count(), 5);
      const b = await boxOf(grid.locator('xpath=..'));
      assert.ok(b.y + b.height <= TABLET.height + 1, `the grid's box (${JSON.stringify(b)}) ends below the ${TABLET.height} px screen`);
      await page.mouse.move(TABLET.width / 2, b.y + Math.min(b.height, TABLET.height - b.y) / 2);
      for (let i = 0; i < 4; i += 1) await page.mouse.wheel(0, 300);
      await waitForScrollEnd(page);
      assert.ok(await seen(page.locator('.hora', { hasText: '15:00' })), 'not scrolled down to the afternoon');
      assert.deepEqual(await unseenHeadings(grid), [], 'columns whose doctor is out of sight in the afternoon');
    } finally {
      await ctx.close();
    }
  });

  it('768 x 1024, a tablet upright: in the center\'s week, a doctor\'s name and his days stay on screen over his week scrolled to 17:30', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria, TABLET);
    try {
      await openAgenda(page, fd.center.id, { nombre: last.nombre }, fd.day);
      await page.getByRole('button', { name: 'Semana' }).click();
      const week = page.getByRole('group', { name: `Semana de ${last.nombre}` });
      const cita = week.getByRole('button', { name: /^Cita 17:30 / });
      await cita.scrollIntoViewIfNeeded();
      await waitForScrollEnd(page);
      assert.ok(await seen(cita), 'the 17:30 cita is not on screen');
      const name = page.locator('.semana-doctor', { has: week }).getByRole('heading', { level: 2 });
      assert.ok(await seen(name), `${last.nombre}'s name is not on screen over his week`);
      assert.deepEqual(await unseenHeadings(week), [], 'days out of sight over his week');
      const pageWidth = await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth);
      assert.ok(pageWidth <= TABLET.width, `the page is ${pageWidth} px wide on a ${TABLET.width} px screen`);
    } finally {
      await ctx.close();
    }
  });

  it('1280 x 800: a doctor\'s week scrolled down to 17:30 by hand, no panel open, still shows its days over the columns', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria, { width: 1280, height: 800 });
    try {
      await openAgenda(page, fd.center.id, last, fd.day);
      await page.getByRole('button', { name: 'Semana' }).click();
      const week = page.getByRole('group', { name: `Semana de ${last.nombre}` });
      await week.getByRole('button', { name: /^Cita 17:30 / }).waitFor();
      await citaAt(page, '17:30').scrollIntoViewIfNeeded();
      await page.mouse.move(300, 400);
      await page.mouse.wheel(0, 400);
      await waitForScrollEnd(page);
      assert.ok(await seen(citaAt(page, '17:30')) || (await citaAt(page, '17:30').boundingBox())!.y < 0, 'not scrolled past the afternoon');
      assert.deepEqual(await unseenHeadings(week), [], 'days out of sight with the week scrolled down');
    } finally {
      await ctx.close();
    }
  });
});

/** Two frames in a row with nothing scrolled: the wheel's scroll has come to rest. */
async function waitForScrollEnd(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        const g = globalThis as any;
        const where = () => [g.scrollY, ...[...g.document.querySelectorAll('.rejilla-scroll')].map((b: any) => b.scrollTop)].join();
        let last = where();
        let still = 0;
        const tick = () => {
          const now = where();
          still = now === last ? still + 1 : 0;
          last = now;
          if (still >= 2) done();
          else g.requestAnimationFrame(tick);
        };
        g.requestAnimationFrame(tick);
      }),
  );
}
