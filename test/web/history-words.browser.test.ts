import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { instantAt, parseLocalDate } from '../../core/domain/clinic-time';
import { citaAt, openAgenda } from '../support/agenda-page';
import { browserSkipReason, loggedIn } from '../support/browser';
import { dayWords, firstMondayNextYear } from '../support/clinic-days';
import { frontDeskSuite, suiteCita } from '../support/front-desk-suite';

/**
 * Who did what to a cita, in its Historial, as each reader can know it: the
 * patient reads "por usted" for what she did herself; reception reads the
 * patient's and the doctor's names (each entry's id_user is theirs); an
 * admin or a secretaria, who have no name the page may read, by the desk
 * they work at. Real headless Chromium on the real services, all on one
 * FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';

describe('a cita\'s Historial, in words of who acted', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Historias',
    doctor: { nombre: 'Dra. Memoria Clara', especialidad: 'Odontología general' },
    patient: 'Rosa Cuenta',
  });

  /** Each line of the open Historial, as read. */
  async function historyOf(page: Page): Promise<string[]> {
    await page.locator('.cita-panel').getByRole('button', { name: 'Historial' }).click();
    const historial = page.getByRole('region', { name: 'Historial de la cita' });
    await historial.getByText('Atendida').waitFor();
    return historial.getByRole('listitem').allInnerTexts();
  }

  it('the patient reads "por usted" for her own change; reception reads the patient\'s and the doctor\'s names', async () => {
    // Booked by the admin, confirmed by its patient, marked Atendida by its doctor once it started.
    const id = await suiteCita(fd, '10:30', 'Revisión');
    assert.equal((await fd.sys.citas.put(`/citas/${id}`, { estado: 'Confirmada' }, await fd.patient.token())).status, 200);
    fd.clock.set(instantAt(parseLocalDate(fd.day), '10:40', ZONE)!);
    assert.equal((await fd.sys.citas.put(`/citas/${id}`, { estado: 'Atendida' }, await fd.doctor.token())).status, 200);

    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.patient);
    await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    const hers = await historyOf(page);
    assert.deepEqual(
      hers.map((line) => line.split(' · por ')[1]),
      ['administración', 'usted', 'Dra. Memoria Clara'],
      `the patient's Historial: ${hers.join(' | ')}`,
    );
    await ctx.close();

    const secretaria = await fd.sys.createSecretaria();
    const desk = await loggedIn(fd.browser, fd.web.url, secretaria);
    await openAgenda(desk.page, fd.center.id, fd.doctor, fd.day);
    await citaAt(desk.page, '10:30').click();
    const seen = await historyOf(desk.page);
    assert.deepEqual(
      seen.map((line) => line.split(' · por ')[1]),
      ['administración', 'Rosa Cuenta', 'Dra. Memoria Clara'],
      `reception's Historial: ${seen.join(' | ')}`,
    );
    await desk.ctx.close();
  });

  it('says when each thing happened, and a change\'s new day, in words: the year only when it is not this one', async () => {
    const id = await suiteCita(fd, '12:00', 'Limpieza');
    const later = firstMondayNextYear(fd.clock.now(), 6);
    const moved = await fd.sys.citas.put(`/citas/${id}`, { fecha: `${later}T11:30:00` }, fd.sys.adminToken);
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const history = await fd.sys.citas.get(`/citas/${id}/historial`, fd.sys.adminToken);
    const when = (iso: string) => `el ${dayWords(iso.slice(0, 10), fd.clock.now())}, a las ${iso.slice(11, 16)}`;
    const [booked, changed] = (history.body as { cuando: string }[]).map((e) => when(e.cuando));

    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.patient);
    await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    await page.locator('.cita-panel').filter({ hasText: 'Cambiada por' }).getByRole('button', { name: 'Historial' }).click();
    const historial = page.getByRole('region', { name: 'Historial de la cita' });
    await historial.getByText('Cambiada').waitFor();
    assert.deepEqual(await historial.getByRole('listitem').allInnerTexts(), [
      `Reservada · ${booked} · por administración`,
      `Cambiada · ${changed} · por administración · nueva: el ${dayWords(later, fd.clock.now())}, a las 11:30`,
    ]);
    await ctx.close();
  });
});
