import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { instantAt, parseLocalDate } from '../../core/domain/clinic-time';
import { citaAt, openAgenda } from '../support/agenda-page';
import { axeViolations } from '../support/axe';
import { browserSkipReason, loggedIn } from '../support/browser';
import type { Account, DoctorAccount, PatientAccount } from '../support/citas';
import { dayWords, nextWeekday } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * The history the spreadsheets lost: a cita's panel, for reception and
 * doctors, lists the patient's previous visits (day and hour in words,
 * doctor, center, motivo, estado), newest first, five at a time. A doctor
 * reads only his own citas with her (the API scopes them) and is told so;
 * the patient's own card has no such list. Real headless Chromium on the
 * real services, all on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';

describe('a cita\'s panel lists the patient\'s previous visits', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Memoria',
    doctor: { nombre: 'Dra. Elena Recuerda', especialidad: 'Odontología general' },
    patient: 'Lucía Vuelve',
  });
  let otro: DoctorAccount;
  let secretaria: Account;
  let nueva: PatientAccount;
  /** Three weekdays: two of past visits, then today's. */
  let first: string;
  let second: string;
  let today: string;
  const at = (day: string, hhmm: string) => instantAt(parseLocalDate(day), hhmm, ZONE)!;

  async function book(day: string, hhmm: string, motivo: string, patient: PatientAccount, doctor: DoctorAccount): Promise<number> {
    const res = await fd.sys.citas.post(
      '/citas',
      { fecha: `${day}T${hhmm}:00`, motivo, id_paciente: patient.id, id_doctor: doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id_cita as number;
  }
  async function estado(id: number, value: string): Promise<void> {
    const res = await fd.sys.citas.put(`/citas/${id}`, { estado: value }, fd.sys.adminToken);
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }

  /** The panel's Visitas anteriores, once its list (or its empty line) is drawn. */
  async function previousVisits(page: Page): Promise<Locator> {
    const section = page.locator('.cita-panel').getByRole('region', { name: 'Visitas anteriores' });
    await section.locator('ol, p.vacio').first().waitFor();
    return section;
  }

  before(async () => {
    otro = await fd.sys.createDoctor({ nombre: 'Dr. Tomás Antes', especialidad: 'Endodoncia' });
    secretaria = await fd.sys.createSecretaria();
    nueva = await fd.sys.createPatient({ nombre: 'Nora Primera' });
    first = fd.day;
    second = nextWeekday(first);
    today = nextWeekday(second);
    // Booked while all are ahead; then each is closed once it has started, as the desk would.
    const atendida = await book(first, '10:00', 'Limpieza', fd.patient, fd.doctor);
    const missed = await book(second, '11:00', 'Empaste', fd.patient, otro);
    // Five more with the other doctor, cancelled before they came: more than a page of the list.
    for (const hhmm of ['11:00', '11:30', '12:00', '12:30', '13:00']) await estado(await book(first, hhmm, `Consulta ${hhmm}`, fd.patient, otro), 'Cancelada');
    await book(today, '09:30', 'Revisión', fd.patient, fd.doctor);
    await book(today, '10:00', 'Primera consulta', nueva, fd.doctor);
    await estado(atendida, 'Confirmada');
    await estado(missed, 'Confirmada');
    fd.clock.set(at(first, '10:20'));
    await estado(atendida, 'Atendida');
    fd.clock.set(at(second, '11:40'));
    await estado(missed, 'NoAsistio');
    fd.clock.set(at(today, '09:00'));
  });

  it('the doctor reads only his own visits with her, and is told so; the section never takes the focus', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.doctor);
    try {
      const reads: string[] = [];
      page.on('request', (req) => {
        const path = new URL(req.url()).pathname;
        if (path.startsWith('/api/citas/citas') || path.startsWith('/api/admin/admin/doctores')) reads.push(path);
      });
      await page.getByRole('heading', { name: 'Mi agenda' }).waitFor();
      await citaAt(page, '09:30').click();
      const section = await previousVisits(page);
      assert.deepEqual(await section.getByRole('listitem').allInnerTexts(), [
        `${dayWords(first, fd.clock.now())}, 10:00 · Dra. Elena Recuerda · Clínica Memoria · Limpieza · Atendida`,
      ]);
      await section.getByText('Solo sus citas con este paciente: las que tenga con otros doctores no aparecen aquí.').waitFor();
      assert.equal(await section.getByRole('button', { name: 'Ver más' }).count(), 0);
      assert.equal(
        await page.evaluate(() => Boolean((globalThis as any).document.activeElement?.closest('.visitas-anteriores'))),
        false,
        'the section took the focus',
      );
      assert.equal(reads.filter((p) => /^\/api\/citas\/citas\/\d+/.test(p)).length, 0, `a read per row: ${reads.join(', ')}`);
      assert.deepEqual(await axeViolations(page, 'previous visits (medico)'), []);

      await citaAt(page, '10:00').click();
      const empty = await previousVisits(page);
      await empty.getByText('Primera visita con usted.').waitFor();
    } finally {
      await ctx.close();
    }
  });

  it('reception reads them all, newest first, five at a time, with Ver más for the rest', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    try {
      await openAgenda(page, fd.center.id, fd.doctor, today);
      await citaAt(page, '09:30').click();
      const section = await previousVisits(page);
      const cancelled = (hhmm: string) => `${dayWords(first, fd.clock.now())}, ${hhmm} · Dr. Tomás Antes · Clínica Memoria · Consulta ${hhmm} · Cancelada`;
      assert.deepEqual(await section.getByRole('listitem').allInnerTexts(), [
        `${dayWords(second, fd.clock.now())}, 11:00 · Dr. Tomás Antes · Clínica Memoria · Empaste · No asistió`,
        cancelled('13:00'),
        cancelled('12:30'),
        cancelled('12:00'),
        cancelled('11:30'),
      ]);
      assert.equal(await section.getByText(/Solo sus citas/).count(), 0, 'reception reads every doctor\'s');
      assert.deepEqual(await axeViolations(page, 'previous visits (secretaria)'), []);

      await section.getByRole('button', { name: 'Ver más' }).click();
      await section.getByRole('listitem').nth(6).waitFor();
      assert.deepEqual((await section.getByRole('listitem').allInnerTexts()).slice(5), [
        cancelled('11:00'),
        `${dayWords(first, fd.clock.now())}, 10:00 · Dra. Elena Recuerda · Clínica Memoria · Limpieza · Atendida`,
      ]);
      assert.equal(await section.getByRole('button', { name: 'Ver más' }).count(), 0, 'nothing more to see');
      assert.equal(
        await page.evaluate(() => (globalThis as any).document.activeElement?.textContent ?? ''),
        cancelled('11:00'),
        'the focus goes to the first visit Ver más showed, not to the top of the page',
      );
    } finally {
      await ctx.close();
    }
  });

  it('the patient\'s own card has no such list', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.patient);
    try {
      await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
      await page.locator('[data-cita] h3').first().waitFor();
      await page.getByRole('heading', { name: 'Anteriores y canceladas' }).waitFor();
      assert.equal(await page.getByRole('region', { name: 'Visitas anteriores' }).count(), 0);
      assert.equal(await page.getByText('Visitas anteriores').count(), 0);
    } finally {
      await ctx.close();
    }
  });
});
