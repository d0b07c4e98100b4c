import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instantAt, parseLocalDate } from '../../core/domain/clinic-time';
import { browserSkipReason, loggedIn } from '../support/browser';
import { dayWords } from '../support/clinic-days';
import { frontDeskSuite, suiteCita } from '../support/front-desk-suite';

/**
 * One way of writing a day, wherever the dentist reads one: this year's
 * days without their year ("viernes, 4 de diciembre"), by the services'
 * clock, as Historial already wrote them; a day of another year with it.
 * Real headless Chromium on the real services, all on one FixedClock.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';

describe('the dentist reads days in one way', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Calendario',
    doctor: { nombre: 'Dr. Hugo Fechas', especialidad: 'Odontología general' },
    patient: 'Irene Año',
  });
  const at = (hhmm: string) => instantAt(parseLocalDate(fd.day), hhmm, ZONE)!;

  before(async () => {
    const visited = await suiteCita(fd, '09:00', 'Limpieza');
    await suiteCita(fd, '10:30', 'Revisión');
    assert.equal((await fd.sys.citas.put(`/citas/${visited}`, { estado: 'Confirmada' }, fd.sys.adminToken)).status, 200);
    fd.clock.set(at('09:40'));
    assert.equal((await fd.sys.citas.put(`/citas/${visited}`, { estado: 'Atendida' }, fd.sys.adminToken)).status, 200);
    const absence = await fd.sys.citas.post(`/agenda/${fd.doctor.id}/ausencias`, { desde: `${fd.day}T16:00:00`, hasta: `${fd.day}T17:00:00`, motivo: 'Formación' }, fd.sys.adminToken);
    assert.equal(absence.status, 201, JSON.stringify(absence.body));
  });

  it('the cita panel, Visitas anteriores and Mis ausencias write this year\'s day without its year', async () => {
    const day = dayWords(fd.day, fd.clock.now());
    assert.doesNotMatch(day, /\d{4}/, 'the suite\'s day is in the clock\'s year');
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.doctor, { width: 1366, height: 768 });
    try {
      await page.getByRole('heading', { name: 'Mi agenda' }).waitFor();
      await page.getByRole('button', { name: /^Cita 10:30 / }).click();
      const panel = page.locator('.cita-panel');
      await panel.getByRole('heading', { name: `Hoy, ${day}, 10:30 – 11:00` }).waitFor();
      const visits = panel.getByRole('region', { name: 'Visitas anteriores' });
      await visits.getByRole('listitem').first().waitFor();
      assert.match(await visits.getByRole('listitem').first().innerText(), new RegExp(`^${day}, 09:00 · `));

      await page.getByRole('link', { name: 'Mis ausencias' }).click();
      const item = page.locator('ul.ausencias li').first();
      await item.waitFor();
      assert.match(await item.innerText(), new RegExp(`^Del ${day}, de 16:00 a 17:00 · Formación`));
    } finally {
      await ctx.close();
    }
  });
});
