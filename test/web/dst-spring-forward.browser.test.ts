import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { citaAt, openAgenda, slot } from '../support/agenda-page';
import { browserSkipReason, loggedIn } from '../support/browser';
import type { DoctorAccount } from '../support/citas';
import { addDays, dayWords, nextSpringForwardSunday } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';
import { nightDoctor } from '../support/night-doctor';

/**
 * The night the clocks go forward (Europe/Madrid, the last Sunday of March),
 * 02:00+01:00 is 03:00+02:00: the hour 02:00-03:00 never happens. A doctor
 * open from 01:00 to 04:00 in one-hour citas has two of them that night,
 * 01:00+01:00 to 03:00+02:00 (one real hour) and 03:00 to 04:00. The agenda
 * must not draw the first one two hours long: the hour that does not
 * happen is shown as skipped, and what is left of the block is one hour,
 * as long as the next. The services' clock is set two days before the
 * nearest such Sunday; nothing sleeps.
 */
const skip = browserSkipReason();

type Box = { x: number; y: number; width: number; height: number };

async function boxOf(el: Locator): Promise<Box> {
  const box = await el.boundingBox();
  assert.ok(box, 'not laid out');
  return box;
}

/** How much of `block` (px, top to bottom) is not under `over`. */
function uncovered(block: Box, over: Box): number {
  const overlap = Math.max(0, Math.min(block.y + block.height, over.y + over.height) - Math.max(block.y, over.y));
  return block.height - overlap;
}

describe('the agenda the night the clocks go forward', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Madrugada', patient: 'Paula Adelanto' });
  let day: string;
  let libre: DoctorAccount;
  let ocupado: DoctorAccount;

  // Everyone is created first: the tokens the suite made expire once the clock moves (at most 7 days).
  before(async () => {
    libre = await nightDoctor(fd.sys, fd.center.id, 'Dra. Alba Salto');
    ocupado = await nightDoctor(fd.sys, fd.center.id, 'Dr. Marcos Adelanto');
    day = nextSpringForwardSunday(fd.clock.now());
    fd.clock.set(`${addDays(day, -2)}T10:00:00Z`);
    const token = await fd.sys.admin.login(TEST_ADMIN.username, TEST_ADMIN.password);
    const res = await fd.sys.citas.post(
      '/citas',
      { fecha: `${day}T01:00:00+01:00`, motivo: 'Urgencia', id_paciente: fd.patient.id, id_doctor: ocupado.id, id_centro: fd.center.id },
      token,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });

  /** The note in the day's grid that says 02:00-03:00 does not happen. */
  const skipped = (page: Page): Locator =>
    page.getByRole('group', { name: `Agenda del ${dayWords(day, fd.clock.now())}` }).getByRole('note', { name: /^02:00 a 03:00 no existe/ });

  it('the free slot from 01:00 to 03:00 (one real hour) shows one hour, the hour that does not happen shown as skipped', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    try {
      await openAgenda(page, fd.center.id, libre, day);
      const [first, next] = [await boxOf(slot(page, '01:00')), await boxOf(slot(page, '03:00'))];
      const gap = skipped(page);
      assert.equal(await gap.count(), 1, 'the agenda does not say that 02:00-03:00 does not happen');
      const shown = uncovered(first, await boxOf(gap));
      assert.ok(Math.abs(shown - next.height) <= 2, `the 01:00 slot shows ${shown} px, the one-hour 03:00 slot ${next.height} px`);
      assert.match((await slot(page, '01:00').getAttribute('aria-label')) ?? '', /^Libre 01:00 a 03:00/);
    } finally {
      await ctx.close();
    }
  });

  it('a one-hour cita at 01:00 ends at 03:00, and is shown one hour long', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    try {
      await openAgenda(page, fd.center.id, ocupado, day);
      const cita = citaAt(page, '01:00');
      assert.match((await cita.getAttribute('aria-label')) ?? '', /hasta las 03:00$/);
      const shown = uncovered(await boxOf(cita), await boxOf(skipped(page)));
      const next = await boxOf(slot(page, '03:00'));
      assert.ok(Math.abs(shown - next.height) <= 2, `the 01:00 cita shows ${shown} px, the one-hour 03:00 slot ${next.height} px`);
      await cita.click();
      await page.getByRole('heading', { name: `${dayWords(day, fd.clock.now())}, 01:00 – 03:00` }).waitFor();
    } finally {
      await ctx.close();
    }
  });
});
