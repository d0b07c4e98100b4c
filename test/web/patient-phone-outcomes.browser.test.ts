import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkipReason, loggedIn, onScreen, statusSays } from '../support/browser';
import { chosenHour } from '../support/booking-form';
import { frontDeskSuite, suiteCita } from '../support/front-desk-suite';

/**
 * A patient acts on a cita of Mis citas on her phone, scrolled down to it
 * (her list is longer than the screen): what the page answers (Cita
 * cancelada, Cita cambiada...) must be on her screen, not at the top of a
 * page she is no longer looking at, and must not hide the cita she acted
 * on. Real headless Chromium on the real services, on one FixedClock;
 * nothing sleeps.
 */
const skip = browserSkipReason();
const PHONE = { width: 390, height: 844, mobile: true };

/** The page's answer and the heading of the cita that has the focus are both on her screen, the one not over the other. */
async function bothSeen(page: Page, said: RegExp): Promise<void> {
  await statusSays(page, said);
  const height = page.viewportSize()!.height;
  const status = await onScreen(page.getByRole('status').filter({ hasText: said }));
  assert.ok(status.top >= 0 && status.bottom <= height, `the answer is off her screen: ${JSON.stringify(status)} of ${height}`);
  const focused = page.locator('.cita-panel h3:focus');
  await focused.waitFor();
  const card = await onScreen(focused);
  assert.ok(card.top >= status.bottom && card.bottom <= height, `the cita's heading is hidden or off screen: ${JSON.stringify({ card, status })}`);
}

describe('a patient acting on a cita on her phone', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Móvil',
    doctor: { nombre: 'Dra. Irene Pantalla', especialidad: 'Odontología general' },
    patient: 'Nuria Desliza',
  });

  it('sees what the page says after she cancels, and after she changes, a cita far down her list', async () => {
    // Four citas: the last cards are well below the first screen of a phone.
    for (const hhmm of ['09:00', '10:00', '11:00', '12:00']) await suiteCita(fd, hhmm, `Revisión de las ${hhmm}`);
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.patient, PHONE);
    try {
      const card = (motivo: string) => page.locator('.cita-panel').filter({ hasText: motivo });

      await card('Revisión de las 12:00').getByRole('button', { name: 'Cancelar', exact: true }).click();
      await card('Revisión de las 12:00').getByRole('button', { name: 'Confirmar cancelación' }).click();
      await bothSeen(page, /Cita cancelada/);

      await card('Revisión de las 11:00').getByRole('button', { name: 'Cambiar', exact: true }).click();
      await page.getByRole('heading', { name: 'Cambiar la cita' }).waitFor();
      assert.equal(await chosenHour(page), '11:00');
      await page.getByLabel('Hora').selectOption('13:00');
      await page.getByRole('button', { name: 'Guardar cambio' }).click();
      await bothSeen(page, /Cita cambiada/);
    } finally {
      await ctx.close();
    }
  });
});
