import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instantAt, parseLocalDate } from '../../core/domain/clinic-time';
import { browserSkipReason, logIn, newContext } from '../support/browser';
import { citaAt, openAgenda } from '../support/agenda-page';
import { frontDeskSuite, suiteCita } from '../support/front-desk-suite';
import { letTimePass } from '../support/page-clock';

/**
 * Confirmar is "I will come": a patient is offered it on her own cita only
 * before it starts; reception keeps it at any time (a patient who arrives
 * unconfirmed is confirmed at the desk). Real headless Chromium on the real
 * services, all on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';
const PHONE = { width: 390, height: 844, mobile: true };

describe('Confirmar on a cita that has started', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Puntual',
    doctor: { nombre: 'Dr. Ramón Horario', especialidad: 'Odontología general' },
    patient: 'Lucía Tardía',
  });
  const at = (hhmm: string) => instantAt(parseLocalDate(fd.day), hhmm, ZONE)!;

  it('is offered to the patient until the start, and to reception after it', async () => {
    await suiteCita(fd, '10:30', 'Revisión');
    fd.clock.set(at('10:20'));

    const ctx = await newContext(fd.browser, PHONE);
    const page = await ctx.newPage();
    await page.clock.install({ time: at('10:20') });
    const desk = await newContext(fd.browser);
    const deskPage = await desk.newPage();
    await deskPage.clock.install({ time: at('10:20') });
    try {
      await logIn(page, fd.web.url, fd.patient.username, fd.patient.password);
      const card = page.locator('.cita-panel').filter({ hasText: 'Revisión' });
      await card.getByRole('button', { name: 'Confirmar' }).waitFor();

      await letTimePass(fd.clock, page, 15);
      await card.getByRole('button', { name: 'Confirmar' }).waitFor({ state: 'detached' });
      await page.reload();
      await page.locator('.cita-panel').filter({ hasText: 'Revisión' }).getByRole('heading').first().waitFor();
      assert.equal(await card.getByRole('button', { name: 'Confirmar' }).count(), 0, 'a started cita offers her Confirmar');

      // Reception, at the same moment, still confirms the patient who has just arrived.
      await deskPage.clock.fastForward(15 * 60_000);
      const secretaria = await fd.sys.createSecretaria();
      await logIn(deskPage, fd.web.url, secretaria.username, secretaria.password);
      await openAgenda(deskPage, fd.center.id, fd.doctor, fd.day);
      await citaAt(deskPage, '10:30').click();
      await deskPage.locator('.cita-panel').getByRole('button', { name: 'Confirmar' }).waitFor();
    } finally {
      await ctx.close();
      await desk.close();
    }
  });
});
