import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { instantAt, parseLocalDate } from '../../core/domain/clinic-time';
import { browserSkipReason, logIn, newContext } from '../support/browser';
import { citaAt } from '../support/agenda-page';
import { frontDeskSuite } from '../support/front-desk-suite';

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

  /** The services' clock and the page's move together by `minutes`. */
  async function letTimePass(page: Page, minutes: number): Promise<void> {
    fd.clock.set(new Date(fd.clock.now().getTime() + minutes * 60_000));
    await page.clock.fastForward(minutes * 60_000);
  }

  it('tells the doctor, once it starts, that reception must confirm it before she can mark it', async () => {
    const booked = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T10:30:00`, motivo: 'Dolor de muela', id_paciente: fd.patient.id, id_doctor: fd.doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    fd.clock.set(at('10:20'));

    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await page.clock.install({ time: at('10:20') });
    await logIn(page, fd.web.url, fd.doctor.username, fd.doctor.password);
    await page.getByRole('heading', { name: 'Mi agenda' }).waitFor();
    await citaAt(page, '10:30').click();
    const panel = page.locator('.cita-panel');
    await panel.getByRole('button', { name: 'Historial' }).waitFor();
    assert.equal(await panel.getByText(SIN_CONFIRMAR).count(), 0, 'before its start there is nothing to mark yet');

    await letTimePass(page, 15);
    await panel.getByText(SIN_CONFIRMAR).waitFor();
    assert.equal(await panel.getByRole('button', { name: 'Atendida' }).count(), 0, 'the API refuses Atendida on a Programada cita');

    // Reception confirms it (the patient has arrived): the doctor's buttons come with the redrawn panel.
    assert.equal((await fd.sys.citas.put(`/citas/${booked.body.id_cita}`, { estado: 'Confirmada' }, fd.sys.adminToken)).status, 200);
    await page.reload();
    await citaAt(page, '10:30').click();
    await panel.getByRole('button', { name: 'Atendida' }).waitFor();
    assert.equal(await panel.getByText(SIN_CONFIRMAR).count(), 0, 'a confirmed cita still says it is unconfirmed');
    await ctx.close();
  });
});
