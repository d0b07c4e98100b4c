import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Route } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { browserSkipReason, logIn, newContext } from '../support/browser';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * Moving on before a page has loaded: a view still waiting for its data
 * when the person picks another page must not draw itself over the page she
 * went to. Real Chromium on the real services; the slow answer is held by
 * the test and released when the other page is on screen, and the page
 * itself says when it has handled that answer, so nothing sleeps.
 */
const skip = browserSkipReason();

describe('front desk navigation', { skip }, () => {
  const fd = frontDeskSuite({ doctor: { nombre: 'Dra. Lenta Carga', especialidad: 'Ortodoncia' } });

  it('a page left before its data came back does not replace the page she moved to', async () => {
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    // The agenda (her start page) waits for the doctors list; hold that answer.
    let release: () => void = () => undefined;
    const held = new Promise<void>((done) => (release = done));
    let heldOne = false;
    const hold = async (route: Route) => {
      if (!heldOne) {
        heldOne = true;
        await held;
      }
      await route.continue();
    };
    await page.route('**/api/admin/admin/doctores*', hold);
    // The page's code that follows its read of the doctors' answer (the agenda's draw included) runs as promise
    // continuations of that read; a task queued as the read ends runs only after all of them, and then tells the test.
    await page.addInitScript(() => {
      let handled!: () => void;
      Object.assign(globalThis, { doctorsHandled: new Promise<void>((r) => (handled = r)) });
      const text = Response.prototype.text;
      Object.assign(Response.prototype, {
        async text(this: Response) {
          const body = await text.call(this);
          if (new URL(this.url).pathname === '/api/admin/admin/doctores') setTimeout(handled);
          return body;
        },
      });
    });
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await page.getByRole('link', { name: 'Centros' }).click();
    await page.getByRole('table').getByText(/página 1 de/).waitFor();

    release();
    await page.evaluate(() => (globalThis as unknown as { doctorsHandled: Promise<void> }).doctorsHandled);

    assert.equal(await page.getByRole('table').getByText(/página 1 de/).count(), 1, 'the centers list is still on screen');
    assert.equal(await page.getByLabel('Fecha').count(), 0, "the agenda's controls did not come back");
    assert.match(await page.title(), /Centros/);
    await ctx.close();
  });
});
