import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSkipReason, loggedIn } from '../support/browser';
import { addDays, dayWords } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * A patient glancing at Mis citas on her phone: the cita that is today says
 * "Hoy", tomorrow's "Mañana", before the date she would otherwise have to
 * work out against the calendar; any other day is its date alone. Real
 * headless Chromium on the real services, on one FixedClock set to the
 * suite's day; nothing sleeps.
 */
const skip = browserSkipReason();
const PHONE = { width: 360, height: 740, mobile: true };

describe('a cita of today or tomorrow, as Mis citas heads it', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Cercana',
    doctor: { nombre: 'Dr. Tomás Pronto', especialidad: 'Odontología general' },
    patient: 'Inés Hoyos',
  });

  it('says Hoy and Mañana before the day, and nothing before a day further off', async () => {
    // The services' morning of the suite's weekday (forward from now, so no token is from the future).
    fd.clock.set(`${fd.day}T07:00:00Z`);
    const tomorrow = addDays(fd.day, 1);
    const later = addDays(fd.day, 7);
    for (const [day, motivo] of [[fd.day, 'Empaste'], [tomorrow, 'Limpieza'], [later, 'Revisión']]) {
      const res = await fd.sys.citas.post(
        '/citas',
        { fecha: `${day}T12:00:00`, motivo, id_paciente: fd.patient.id, id_doctor: fd.doctor.id, id_centro: fd.center.id },
        fd.sys.adminToken,
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.patient, PHONE);
    try {
      const heading = (motivo: string) => page.locator('.cita-panel').filter({ hasText: motivo }).getByRole('heading').first().innerText();
      await page.locator('.cita-panel').filter({ hasText: 'Revisión' }).waitFor();
      assert.equal(await heading('Empaste'), `Hoy, ${dayWords(fd.day, fd.clock.now())}, 12:00 – 12:30`);
      assert.equal(await heading('Limpieza'), `Mañana, ${dayWords(tomorrow, fd.clock.now())}, 12:00 – 12:30`);
      assert.equal(await heading('Revisión'), `${dayWords(later, fd.clock.now())}, 12:00 – 12:30`);
    } finally {
      await ctx.close();
    }
  });
});
