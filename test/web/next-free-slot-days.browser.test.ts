import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { isoWeekday, parseLocalDate } from '../../core/domain/clinic-time';
import { browserSkipReason, loggedIn } from '../support/browser';
import { TEST_ADMIN } from '../support/admin';
import { addDays, dayWords, nextWeekday } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * The next free slots of a specialty, as the patient reads them in
 * Reservar on her phone and reception in Próximos huecos: today's and
 * tomorrow's say Hoy and Mañana before their day in words, as Mis citas
 * heads her citas, so she need not work the date out. Real headless
 * Chromium on the real services, on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();
const PHONE = { width: 390, height: 844, mobile: true };
const ESPECIALIDAD = 'Cirugía oral';

describe('next free slots of today and tomorrow', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Huecos Cercanos',
    doctor: { nombre: 'Dra. Pilar Pronta', especialidad: ESPECIALIDAD },
    patient: 'Marta Cercana',
  });

  /** The first slot's words in each list: the patient's Reservar and reception's Próximos huecos. */
  async function firstSlots(): Promise<{ reservar: string; proximos: string }> {
    const patient = await loggedIn(fd.browser, fd.web.url, fd.patient, PHONE);
    const admin = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    try {
      await patient.page.getByRole('link', { name: 'Reservar' }).click();
      await patient.page.getByLabel('Especialidad').selectOption(ESPECIALIDAD);
      await patient.page.getByRole('button', { name: 'Buscar próximos huecos' }).click();
      const reservar = (await firstText(patient.page, 'button.hueco-proximo'));

      await admin.page.getByRole('link', { name: 'Próximos huecos' }).click();
      await admin.page.getByLabel('Especialidad').selectOption(ESPECIALIDAD);
      await admin.page.getByRole('button', { name: 'Buscar', exact: true }).click();
      const proximos = await firstText(admin.page, 'table tbody tr td');
      return { reservar, proximos };
    } finally {
      await patient.ctx.close();
      await admin.ctx.close();
    }
  }
  const firstText = async (page: Page, selector: string) => {
    const first = page.locator(selector).first();
    await first.waitFor();
    return first.innerText();
  };

  it('says Hoy for today\'s and Mañana for tomorrow\'s, in both lists', async () => {
    // A weekday whose next day is one too (the default schedule has no weekend), forward from the services' now.
    let day = fd.day;
    while (isoWeekday(parseLocalDate(day)) === 5) day = nextWeekday(day);
    const tomorrow = addDays(day, 1);

    fd.clock.set(`${day}T06:00:00Z`); // the clinic's early morning: the day's slots are all ahead
    const morning = await firstSlots();
    assert.match(morning.reservar, new RegExp(`^Hoy, ${dayWords(day, fd.clock.now())}, 09:00 · ${fd.doctor.nombre}`));
    assert.equal(morning.proximos, `Hoy, ${dayWords(day, fd.clock.now())}`);

    fd.clock.set(`${day}T21:00:00Z`); // the clinic's night: the next slot is tomorrow's first
    const night = await firstSlots();
    assert.match(night.reservar, new RegExp(`^Mañana, ${dayWords(tomorrow, fd.clock.now())}, 09:00 · ${fd.doctor.nombre}`));
    assert.equal(night.proximos, `Mañana, ${dayWords(tomorrow, fd.clock.now())}`);
  });
});
