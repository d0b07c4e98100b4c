import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkipReason, loggedIn } from '../support/browser';
import { frontDeskSuite, suiteCita } from '../support/front-desk-suite';

/**
 * A patient taps her way through the page on a small phone (360 x 740):
 * every link, button and field she taps is at least 44 x 44 CSS pixels
 * (WCAG 2.5.5, the size a fingertip hits without touching its neighbour),
 * on Mis citas, Reservar and Contraseña. Real headless Chromium on the
 * real services, on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();
const PHONE = { width: 360, height: 740, mobile: true };
const FINGER = 44;

/** The visible controls of the page smaller than a fingertip, named and measured, for the failure's message. */
async function tooSmall(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const doc = (globalThis as any).document;
    return [...doc.querySelectorAll('a[href], button, input:not([type=checkbox]):not([type=radio]), select, textarea')]
      .filter((el: any) => el.getClientRects().length > 0 && (globalThis as any).getComputedStyle(el).visibility !== 'hidden')
      .map((el: any) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }: any) => r.right > 0 && r.left >= 0) // "Ir al contenido" waits off screen until it has the focus
      .filter(({ r }: any) => r.height < min - 0.5 || r.width < min - 0.5)
      .map(({ el, r }: any) => `${el.tagName.toLowerCase()} "${(el.textContent || el.name || '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }, FINGER);
}

describe('a patient tapping on a small phone', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Dedo',
    doctor: { nombre: 'Dra. Lucía Toque', especialidad: 'Odontología general' },
    patient: 'Pilar Pulsa',
  });

  it('finds every link, button and field of Mis citas, Reservar and Contraseña big enough for a finger', async () => {
    await suiteCita(fd, '10:00', 'Revisión');
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.patient, PHONE);
    try {
      await page.locator('.cita-panel').getByRole('button', { name: 'Cambiar', exact: true }).waitFor();
      assert.deepEqual(await tooSmall(page), [], 'Mis citas');
      await page.getByRole('link', { name: 'Reservar' }).click();
      await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
      assert.deepEqual(await tooSmall(page), [], 'Reservar');
      await page.getByRole('link', { name: 'Contraseña' }).click();
      await page.getByRole('heading', { name: 'Cambiar la contraseña' }).waitFor();
      assert.deepEqual(await tooSmall(page), [], 'Contraseña');
    } finally {
      await ctx.close();
    }
  });
});
