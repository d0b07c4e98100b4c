import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_ADMIN } from '../support/admin';
import { citaAt, slot } from '../support/agenda-page';
import { fillBooking } from '../support/booking-form';
import { browserSkipReason, loggedIn } from '../support/browser';
import type { DoctorAccount, PatientAccount } from '../support/citas';
import { addDays, dayWords, nextFallBackSunday } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';
import { nightDoctor } from '../support/night-doctor';

/**
 * The night the clocks go back (Europe/Madrid, the last Sunday of October),
 * 02:00-03:00 happens twice: 02:00+02:00, then 02:00+01:00, an hour later.
 * A clinic open then has two free slots, and two citas, at "02:00". The page
 * must book the one she chose (the API reads a wall time without an offset
 * as the earlier instant) and show both citas. The services' clock is set
 * two days before the nearest such Sunday; nothing sleeps.
 */
const skip = browserSkipReason();

describe('the agenda the night the clocks go back', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Nocturna', patient: 'Nora Madrugada' });
  let day: string;
  let otro: PatientAccount;
  let doble: DoctorAccount;
  let retraso: DoctorAccount;
  let panel: DoctorAccount;
  /** The patients of the panel's test: each patient has one cita at a time. */
  let primera: PatientAccount;
  let segunda: PatientAccount;
  /** The admin's token from after the clock moved (the suite's own has expired by then). */
  let token: string;

  async function book(doctor: DoctorAccount, paciente: PatientAccount, fecha: string): Promise<void> {
    const res = await fd.sys.citas.post('/citas', { fecha, motivo: 'Urgencia', id_paciente: paciente.id, id_doctor: doctor.id, id_centro: fd.center.id }, token);
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }

  // Everyone is created first: the tokens the suite made expire once the clock moves (at most 7 days).
  before(async () => {
    otro = await fd.sys.createPatient({ nombre: 'Otto Horario' });
    doble = await nightDoctor(fd.sys, fd.center.id, 'Dra. Vela Doble');
    retraso = await nightDoctor(fd.sys, fd.center.id, 'Dr. Hugo Retraso');
    panel = await nightDoctor(fd.sys, fd.center.id, 'Dra. Inés Doblete');
    primera = await fd.sys.createPatient({ nombre: 'Pía Primera' });
    segunda = await fd.sys.createPatient({ nombre: 'Sergio Segunda' });
    day = nextFallBackSunday(fd.clock.now());
    fd.clock.set(`${addDays(day, -2)}T10:00:00Z`);
    token = await fd.sys.admin.login(TEST_ADMIN.username, TEST_ADMIN.password);
  });

  /** The agenda of `doctor` on the night, at the suite's center. */
  async function agendaOf(doctor: DoctorAccount) {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await page.getByRole('link', { name: 'Agenda' }).click();
    await page.getByLabel('Centro').selectOption(String(fd.center.id));
    await page.getByLabel('Doctor').selectOption(String(doctor.id));
    await page.getByLabel('Fecha').fill(day);
    await page.getByRole('group', { name: `Agenda del ${dayWords(day, fd.clock.now())}` }).getByRole('region', { name: new RegExp(`^${doctor.nombre}`) }).waitFor();
    return { ctx, page };
  }

  it('the two citas at 02:00 (+02:00, then +01:00) are both on screen, one not drawn over the other', async () => {
    const doctor = doble;
    await book(doctor, fd.patient, `${day}T02:00:00+02:00`);
    await book(doctor, otro, `${day}T02:00:00+01:00`);
    const { ctx, page } = await agendaOf(doctor);
    try {
      const citas = citaAt(page, '02:00');
      await citas.nth(1).waitFor();
      const [a, b] = [await citas.nth(0).boundingBox(), await citas.nth(1).boundingBox()];
      assert.ok(a && b);
      const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      assert.equal(overlap, false, `one cita at 02:00 (${JSON.stringify(a)}) is drawn over the other (${JSON.stringify(b)})`);
    } finally {
      await ctx.close();
    }
  });

  it("each 02:00 cita's panel names its hour by its offset, and where it ends, so the two do not read the same", async () => {
    const doctor = panel;
    await book(doctor, primera, `${day}T02:00:00+02:00`);
    await book(doctor, segunda, `${day}T02:00:00+01:00`);
    const { ctx, page } = await agendaOf(doctor);
    try {
      // The first 02:00 lasts until the second one begins; the second until 03:00.
      for (const [name, heading] of [
        [/^Cita 02:00 \(UTC\+02:00\) Pía Primera/, `${dayWords(day, fd.clock.now())}, 02:00 (UTC+02:00) – 02:00 (UTC+01:00)`],
        [/^Cita 02:00 \(UTC\+01:00\) Sergio Segunda/, `${dayWords(day, fd.clock.now())}, 02:00 (UTC+01:00) – 03:00`],
      ] as const) {
        await page.getByRole('button', { name }).click();
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      }
    } finally {
      await ctx.close();
    }
  });

  it('the free 02:00 of the second time round (+01:00), chosen in the agenda, books that instant, not the taken one an hour before', async () => {
    const doctor = retraso;
    await book(doctor, otro, `${day}T02:00:00+02:00`);
    const { ctx, page } = await agendaOf(doctor);
    try {
      await slot(page, '02:00').click();
      await fillBooking(page, 'Nora', /Nora Madrugada/, 'Dolor de muelas');
      const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/citas/citas');
      await page.getByRole('button', { name: 'Reservar', exact: true }).click();
      const res = await answer;
      assert.equal(res.status(), 201, `the booking was refused: ${await res.text()}`);
      assert.equal((await res.json()).fecha, `${day}T02:00:00+01:00`);
    } finally {
      await ctx.close();
    }
  });
});
