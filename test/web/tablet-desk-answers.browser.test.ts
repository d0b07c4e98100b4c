import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_ADMIN } from '../support/admin';
import { openAgenda, slot } from '../support/agenda-page';
import { fillBooking } from '../support/booking-form';
import { browserSkipReason, loggedIn, onScreen, statusSays } from '../support/browser';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * Reception on a tablet held upright (768 x 1024, a desk without a PC):
 * the booking form and the cita's panel are under the agenda's grid, so a
 * booking made there is far below the top of the page. What the page
 * answers (Cita reservada: day, hour, doctor, center) must be on her
 * screen, not above a page she scrolled down, nor over the cita's panel.
 * Real headless Chromium on the real services, on one FixedClock.
 */
const skip = browserSkipReason();
const TABLET = { width: 768, height: 1024 };

describe('reception on a tablet held upright', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Mostrador',
    doctor: { nombre: 'Dra. Olga Tableta', especialidad: 'Odontología general' },
    patient: 'Paco Vertical',
  });

  it('books an afternoon free slot in the agenda and reads Cita reservada on her screen, the new cita\'s panel under it', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN, TABLET);
    try {
      await openAgenda(page, fd.center.id, fd.doctor, fd.day);
      await slot(page, '18:00').click();
      await fillBooking(page, 'Paco', /Paco Vertical/, 'Revisión');
      await page.getByRole('button', { name: 'Reservar', exact: true }).click();
      await statusSays(page, /Cita reservada/);
      const status = await onScreen(page.getByRole('status').filter({ hasText: /Cita reservada/ }));
      assert.ok(status.top >= 0 && status.bottom <= TABLET.height, `Cita reservada is off her screen: ${JSON.stringify(status)}`);
      const heading = page.locator('.cita-panel h2:focus');
      await heading.waitFor();
      const panel = await onScreen(heading);
      assert.ok(panel.top >= status.bottom && panel.bottom <= TABLET.height, `the new cita's panel is hidden or off screen: ${JSON.stringify({ panel, status })}`);
    } finally {
      await ctx.close();
    }
  });
});
