import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { citaAt, openAgenda } from '../support/agenda-page';
import { browserSkipReason, loggedIn } from '../support/browser';
import type { DoctorAccount } from '../support/citas';
import { addDays } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * A doctor's week with short cancelled citas shown (Mostrar canceladas): a
 * day with one is drawn wider, so that the cancelled cita beside what took
 * its place says its hour, patient and estado. The week must still fit a
 * 1280 x 800 laptop, the page and the week's own box, with a cita's panel
 * open beside it: reception must not scroll sideways to reach Sunday. Real
 * headless Chromium on the real services; widths are the browser's own.
 */
const skip = browserSkipReason();

describe("a week of short cancelled citas fits a laptop's width", { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Ancha', patient: 'Carmen Anulada' });
  let quince: DoctorAccount;
  /** Monday of the week after the suite's day: every day of it is ahead, Saturday and Sunday too. */
  let monday: string;

  before(async () => {
    quince = await fd.sys.createDoctor({ nombre: 'Dra. Semana Quince', especialidad: 'Periodoncia' });
    const franjas = [1, 2, 3, 4, 5, 6, 7].map((dia) => ({ dia, desde: '09:00', hasta: '11:00' }));
    const horario = await fd.sys.citas.put(`/agenda/${quince.id}/horario`, { id_centro: fd.center.id, franjas, duracion_cita_min: 15 }, fd.sys.adminToken);
    assert.equal(horario.status, 200, JSON.stringify(horario.body));
    const dow = new Date(`${fd.day}T00:00:00Z`).getUTCDay();
    monday = addDays(fd.day, 7 - ((dow + 6) % 7));
    // A 15-minute cita cancelled every day of the week: each day is one with a cancelled cita too short for two lines.
    for (let i = 0; i < 7; i += 1) {
      const booked = await fd.sys.citas.post(
        '/citas',
        { fecha: `${addDays(monday, i)}T09:30:00`, duracion_min: 15, motivo: 'Limpieza', id_paciente: fd.patient.id, id_doctor: quince.id, id_centro: fd.center.id },
        fd.sys.adminToken,
      );
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      assert.equal((await fd.sys.citas.put(`/citas/${booked.body.id_cita}`, { estado: 'Cancelada' }, fd.sys.adminToken)).status, 200);
    }
  });

  /** The page's and the week's box's widths: what they hold, and what they show. */
  async function widths(page: Page): Promise<{ page: [number, number]; week: [number, number] }> {
    return page.evaluate(() => {
      const doc = (globalThis as any).document;
      const box = doc.querySelector('.rejilla-scroll');
      return { page: [doc.documentElement.scrollWidth, doc.documentElement.clientWidth], week: [box.scrollWidth, box.clientWidth] };
    });
  }

  it('on a 1280 x 800 laptop, with Mostrar canceladas on, a cita\'s panel open beside the week', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN, { width: 1280, height: 800 });
    try {
      await openAgenda(page, fd.center.id, quince, monday);
      await page.getByLabel('Mostrar canceladas').check();
      await page.getByRole('button', { name: 'Semana' }).click();
      const week = page.getByRole('group', { name: `Semana de ${quince.nombre}` });
      await week.getByRole('region').nth(6).waitFor();
      assert.equal(await citaAt(page, '09:30').count(), 7, 'every day shows its cancelled cita');
      const without = await widths(page);
      assert.ok(without.page[0] <= without.page[1], `the page is ${without.page[0]} px wide in ${without.page[1]} px`);
      assert.ok(without.week[0] <= without.week[1], `the week is ${without.week[0]} px wide in a box of ${without.week[1]} px`);

      await citaAt(page, '09:30').first().click();
      await page.getByRole('group', { name: 'Acciones de la cita' }).waitFor();
      const beside = await widths(page);
      assert.ok(beside.page[0] <= beside.page[1], `with the panel open, the page is ${beside.page[0]} px wide in ${beside.page[1]} px`);
      assert.ok(beside.week[0] <= beside.week[1], `with the panel open, the week is ${beside.week[0]} px wide in a box of ${beside.week[1]} px: Sunday is scrolled away`);
    } finally {
      await ctx.close();
    }
  });
});
