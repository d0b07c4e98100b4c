import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instantAt, parseLocalDate } from '../../core/domain/clinic-time';
import { browserSkipReason, loggedIn } from '../support/browser';
import { frontDeskSuite, suiteCita } from '../support/front-desk-suite';

/**
 * After a cleaning, the next one with the same dentist: a past cita she
 * attended offers "Reservar otra", which opens Reservar with its doctor,
 * center and motivo chosen, the day left for her (from today). Only while
 * that doctor and center are still active. Real headless Chromium on the
 * real services, on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';
const PHONE = { width: 360, height: 780, mobile: true };

describe('booking again from a past cita, on her phone', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Otra Vez',
    doctor: { nombre: 'Dra. Elena Repite', especialidad: 'Higiene dental' },
    patient: 'Sara Vuelve',
  });
  const at = (hhmm: string) => instantAt(parseLocalDate(fd.day), hhmm, ZONE)!;

  const set = async (id: number, body: Record<string, string>) =>
    assert.equal((await fd.sys.citas.put(`/citas/${id}`, body, fd.sys.adminToken)).status, 200);

  it('opens Reservar with the doctor, center and motivo of a cita she attended', async () => {
    fd.clock.set(at('08:00'));
    const limpieza = await suiteCita(fd, '09:00', 'Limpieza dental');
    const cancelada = await suiteCita(fd, '10:00', 'Revisión anual');
    const faltó = await suiteCita(fd, '11:00', 'Empaste');
    await set(cancelada, { estado: 'Cancelada', motivo_cancelacion: 'No puedo ir' });
    await set(limpieza, { estado: 'Confirmada' });
    await set(faltó, { estado: 'Confirmada' });
    fd.clock.set(at('12:00'));
    await set(limpieza, { estado: 'Atendida' });
    await set(faltó, { estado: 'NoAsistio' });

    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.patient, PHONE);
    try {
      const card = (motivo: string) => page.locator('.cita-panel').filter({ hasText: motivo });
      await card('Limpieza dental').getByRole('button', { name: 'Reservar otra' }).waitFor();
      assert.equal(await card('Revisión anual').getByRole('button', { name: 'Reservar otra' }).count(), 0, 'a cancelled cita offers Reservar otra');
      assert.equal(await card('Empaste').getByRole('button', { name: 'Reservar otra' }).count(), 0, 'a missed cita offers Reservar otra');

      await card('Limpieza dental').getByRole('button', { name: 'Reservar otra' }).click();
      await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
      await page.waitForFunction((id) => (globalThis as any).document.querySelector('select[name=id_doctor]')?.value === id, String(fd.doctor.id));
      assert.equal(await page.getByLabel('Centro').inputValue(), String(fd.center.id));
      assert.equal(await page.getByLabel('Motivo', { exact: true }).inputValue(), 'Limpieza dental');
      assert.equal(await page.getByLabel('Fecha').inputValue(), fd.day, 'the day starts as today, for her to choose');
    } finally {
      await ctx.close();
    }

    // A doctor who has left: nothing to book again with her.
    assert.equal((await fd.sys.admin.request('DELETE', `/admin/doctores/${fd.doctor.id}`, undefined, fd.sys.adminToken)).status, 200);
    const after = await loggedIn(fd.browser, fd.web.url, fd.patient, PHONE);
    try {
      await after.page.locator('.cita-panel').filter({ hasText: 'Limpieza dental' }).getByRole('button', { name: 'Historial' }).waitFor();
      assert.equal(await after.page.getByRole('button', { name: 'Reservar otra' }).count(), 0, 'an inactive doctor is offered');
    } finally {
      await after.ctx.close();
    }
  });
});
