import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { boxOf, citaAt, lateCitaOfManyDoctors, manyDoctorsDesk, openFromPorConfirmar } from '../support/agenda-page';
import { browserSkipReason, loggedIn } from '../support/browser';
import type { Account, DoctorAccount } from '../support/citas';
import { dayWords } from '../support/clinic-days';

/**
 * A center's day with a cita's panel open beside it on a 1280 x 800 laptop:
 * the cita opened is on screen beside its panel, whatever its hour, and
 * every doctor of the day has a column she can see. Real headless Chromium
 * on the real services; positions are the browser's own boxes.
 */
const skip = browserSkipReason();
const WIDTH = 1280;
const HEIGHT = 800;

describe("a center's day with a cita's panel open, on a 1280 x 800 laptop", { skip }, () => {
  // Four doctors whose names, as the clinic writes them, are long (agenda-page.ts).
  const fd = manyDoctorsDesk('Clínica Cuatro Sillones');
  let secretaria: Account;
  let last: DoctorAccount;
  before(async () => ({ secretaria, last } = await lateCitaOfManyDoctors(fd, 4)));

  it('a 17:30 cita opened from Por confirmar is on screen beside its panel, and all four doctors\' columns are there beside it, the page no wider than the screen', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria, { width: WIDTH, height: HEIGHT });
    try {
      const panel = await openFromPorConfirmar(page, fd.day, 'Eduardo Álvarez Núñez', '17:30');
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
