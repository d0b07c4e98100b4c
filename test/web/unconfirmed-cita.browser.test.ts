import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instantAt, parseLocalDate } from '../../core/domain/clinic-time';
import { browserSkipReason, logIn } from '../support/browser';
import { citaAt } from '../support/agenda-page';
import { frontDeskSuite, suiteCita } from '../support/front-desk-suite';
import { letTimePass, pageAt } from '../support/page-clock';

/**
 * A cita nobody confirmed, as its doctor sees it once it has started: the
 * contract lets only a Confirmada cita become Atendida or NoAsistio, and
 * lets the patient, reception or an admin confirm it, not the doctor. The
 * panel says so instead of showing a doctor no way forward. Real headless
 * Chromium on the real services, all on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';
const SIN_CONFIRMAR = /Sin confirmar: recepción debe confirmarla para que pueda marcarla como atendida o no asistida\./;

describe('a started cita nobody confirmed, in its doctor\'s agenda', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Sin Confirmar',
    doctor: { nombre: 'Dra. Olvido Pendiente', especialidad: 'Endodoncia' },
    patient: 'Tomás Despistado',
  });

  const at = (hhmm: string) => instantAt(parseLocalDate(fd.day), hhmm, ZONE)!;

  it('tells the doctor, once it starts, that reception must confirm it before she can mark it', async () => {
    const id = await suiteCita(fd, '10:30', 'Dolor de muela');
    fd.clock.set(at('10:20'));

    const { ctx, page } = await pageAt(fd.browser, at('10:20'));
    await logIn(page, fd.web.url, fd.doctor.username, fd.doctor.password);
    await page.getByRole('heading', { name: 'Mi agenda' }).waitFor();
    await citaAt(page, '10:30').click();
    const panel = page.locator('.cita-panel');
    await panel.getByRole('button', { name: 'Historial' }).waitFor();
    assert.equal(await panel.getByText(SIN_CONFIRMAR).count(), 0, 'before its start there is nothing to mark yet');

    await letTimePass(fd.clock, page, 15);
    await panel.getByText(SIN_CONFIRMAR).waitFor();
    assert.equal(await panel.getByRole('button', { name: 'Atendida' }).count(), 0, 'the API refuses Atendida on a Programada cita');

    // Reception confirms it (the patient has arrived): the doctor's buttons come with the redrawn panel.
    assert.equal((await fd.sys.citas.put(`/citas/${id}`, { estado: 'Confirmada' }, fd.sys.adminToken)).status, 200);
    await page.reload();
    await citaAt(page, '10:30').click();
    await panel.getByRole('button', { name: 'Atendida' }).waitFor();
    assert.equal(await panel.getByText(SIN_CONFIRMAR).count(), 0, 'a confirmed cita still says it is unconfirmed');
    await ctx.close();
  });
});
