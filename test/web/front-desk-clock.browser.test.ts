import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { instantAt, parseLocalDate } from '../../core/domain/clinic-time';
import { TEST_ADMIN } from '../support/admin';
import { browserSkipReason, focusInside, logIn, whatThePageSays } from '../support/browser';
import type { DoctorAccount } from '../support/citas';
import { citaAt, openAgenda } from '../support/agenda-page';
import { addDays, dayWords } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';
import { letTimePass as movePageClock, pageAt } from '../support/page-clock';

/**
 * The front desk left open while time goes by: what is on screen follows the
 * clinic's clock without a reload or a click. Real headless Chromium on the
 * real services, all on one FixedClock; the page's own clock (its timers and
 * performance.now) is moved with Playwright's page clock, in step with the
 * services' one. Nothing sleeps.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';

describe('front desk in the browser, as time goes by', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Reloj', patient: 'Rosa Puntual' });

  const at = (hhmm: string, fecha = fd.day) => instantAt(parseLocalDate(fecha), hhmm, ZONE)!;

  /** The services' clock and the page's move together by `minutes` (page-clock.ts). */
  const letTimePass = (page: Page, minutes: number) => movePageClock(fd.clock, page, minutes);

  async function confirmedCita(doctor: DoctorAccount, hhmm: string, motivo: string): Promise<number> {
    const booked = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T${hhmm}:00`, motivo, id_paciente: fd.patient.id, id_doctor: doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    assert.equal((await fd.sys.citas.put(`/citas/${booked.body.id_cita}`, { estado: 'Confirmada' }, fd.sys.adminToken)).status, 200);
    return booked.body.id_cita;
  }

  it('a cita panel left open across the cita\'s start swaps Cancelar and Cambiar for Atendida and No asistió, closes a cancellation in progress, and keeps the focus in the panel', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dra. Aguja Minutera', especialidad: 'Ortodoncia' });
    await confirmedCita(doctor, '10:30', 'Ajuste de brackets');
    fd.clock.set(at('10:20'));

    const { ctx, page } = await pageAt(fd.browser, at('10:20'));
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await openAgenda(page, fd.center.id, doctor, fd.day);
    await citaAt(page, '10:30').click();
    const actions = page.locator('.cita-panel').getByRole('group', { name: 'Acciones de la cita' });
    await actions.getByRole('button', { name: 'Cancelar', exact: true }).waitFor();
    await actions.getByRole('button', { name: 'Cambiar', exact: true }).waitFor();
    for (const name of ['Atendida', 'No asistió']) {
      assert.equal(await actions.getByRole('button', { name }).count(), 0, `ten minutes before its start the cita offers ${name}`);
    }
    // She starts cancelling by keyboard, and is still writing the reason when the cita starts.
    await actions.getByRole('button', { name: 'Cancelar', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Motivo de cancelación').fill('La paciente llama');
    await focusInside(page, '.cita-panel form.cancelar', 'Cancelar');

    await letTimePass(page, 15);
    await actions.getByRole('button', { name: 'Atendida' }).waitFor();
    await actions.getByRole('button', { name: 'No asistió' }).waitFor();
    for (const name of ['Cancelar', 'Cambiar']) {
      assert.equal(await actions.getByRole('button', { name, exact: true }).count(), 0, `a started cita still offers ${name}, which the API refuses (409 CITA_PASADA)`);
    }
    assert.equal(await page.getByRole('button', { name: 'Confirmar cancelación' }).count(), 0, 'the cancellation form of a started cita stays open');
    await page.locator('.cita-panel').getByRole('alert').getByText(/ya ha empezado/).waitFor();
    await focusInside(page, '.cita-panel [role=group]', 'the cita started with the focus in its cancellation form');

    // The buttons that appeared work.
    await page.keyboard.press('Enter');
    await page.locator('.cita-panel .estado', { hasText: 'Atendida' }).waitFor();
    await ctx.close();
  });

  it('a button that survives the cita\'s start keeps the focus', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dr. Segundero', especialidad: 'Periodoncia' });
    await confirmedCita(doctor, '12:00', 'Limpieza');
    fd.clock.set(at('11:55'));

    const { ctx, page } = await pageAt(fd.browser, at('11:55'));
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await openAgenda(page, fd.center.id, doctor, fd.day);
    await citaAt(page, '12:00').click();
    const actions = page.locator('.cita-panel').getByRole('group', { name: 'Acciones de la cita' });
    await actions.getByRole('button', { name: 'Historial' }).focus();

    await letTimePass(page, 10);
    await actions.getByRole('button', { name: 'Atendida' }).waitFor();
    assert.equal(await actions.getByRole('button', { name: 'Cancelar', exact: true }).count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as any).document.activeElement?.textContent), 'Historial', 'the focus stays on Historial');
    await ctx.close();
  });

  it('in Mis citas a cita whose start passes moves from Próximas to the past ones, as a fresh draw would place it, and a focus on it goes to a neighbour in Próximas', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dr. Péndulo', especialidad: 'Endodoncia' });
    const paciente = await fd.sys.createPatient({ nombre: 'Lía Esperando' });
    fd.clock.set(at('08:00'));
    for (const [hhmm, motivo] of [['09:00', 'Radiografía'], ['10:30', 'Empaste'], ['12:00', 'Revisión']]) {
      const booked = await fd.sys.citas.post(
        '/citas',
        { fecha: `${fd.day}T${hhmm}:00`, motivo, id_paciente: paciente.id, id_doctor: doctor.id, id_centro: fd.center.id },
        fd.sys.adminToken,
      );
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
    }
    fd.clock.set(at('10:20'));

    const { ctx, page } = await pageAt(fd.browser, at('10:20'));
    await logIn(page, fd.web.url, paciente.username, paciente.password);
    await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    const proximas = page.locator('section[aria-labelledby="titulo-proximas"]');
    const pasadas = page.locator('section[aria-labelledby="titulo-pasadas"]');
    /** The start of each cita card in `section`, in the order shown (a card's heading opens with its day and start). */
    const starts = async (section: typeof proximas) =>
      (await section.locator('.cita-panel h3').allInnerTexts()).map((t) => /\d{1,2}:\d{2}/.exec(t)?.[0]);
    const card = (motivo: string) => page.locator('.cita-panel').filter({ hasText: motivo });
    await card('Revisión').getByRole('button', { name: 'Cancelar', exact: true }).waitFor();
    assert.deepEqual(await starts(proximas), ['10:30', '12:00']);
    assert.deepEqual(await starts(pasadas), ['09:00']);

    // Her focus is on the cita that is about to start: it moves on to the next one of Próximas.
    await card('Empaste').getByRole('button', { name: 'Cancelar', exact: true }).focus();
    await letTimePass(page, 15);
    await card('Empaste').getByRole('button', { name: 'Cancelar', exact: true }).waitFor({ state: 'detached' });
    assert.deepEqual(await starts(proximas), ['12:00'], 'the started cita is still listed under Próximas');
    assert.deepEqual(await starts(pasadas), ['10:30', '09:00'], 'the started cita is not where a fresh draw puts it (latest first)');
    await focusInside(page, 'section[aria-labelledby="titulo-proximas"] .cita-panel', 'the focused cita moved to the past ones');

    // The last one of Próximas starts with her focus on it: the focus stays on Próximas, now empty.
    await card('Revisión').getByRole('button', { name: 'Historial' }).focus();
    await letTimePass(page, 100);
    await card('Revisión').getByRole('button', { name: 'Cancelar', exact: true }).waitFor({ state: 'detached' });
    assert.deepEqual(await starts(proximas), []);
    assert.deepEqual(await starts(pasadas), ['12:00', '10:30', '09:00']);
    await proximas.getByText('No tiene citas próximas.').waitFor();
    await focusInside(page, 'section[aria-labelledby="titulo-proximas"]', 'the last upcoming cita moved to the past ones');
    await ctx.close();
  });

  /** The agenda as drawn for `fecha`: its date field, and its summary line once that day's agenda is in. */
  async function agendaShows(page: Page, fecha: string, why: string): Promise<void> {
    try {
      await page.locator('.resumen').getByText(new RegExp(`^${dayWords(fecha, fd.clock.now())}: `)).waitFor();
      await page.locator('.agenda-zona:not([aria-busy])').waitFor();
    } catch (err) {
      const resumen = await page.locator('.resumen').allInnerTexts().catch(() => []);
      const shown = await page.getByLabel('Fecha').inputValue().catch(() => '?');
      throw new Error(
        `${why}: the agenda never showed ${fecha}; its summary says ${JSON.stringify(resumen)}, Fecha ${shown}, ` +
          `the page ${await whatThePageSays(page)} (${(err as Error).message.split('\n')[0]})`,
      );
    }
    assert.equal(await page.getByLabel('Fecha').inputValue(), fecha, why);
  }

  it('the agenda showing today moves to the new day at the clinic\'s midnight by itself, with the keyboard focus kept on the page', async () => {
    const tomorrow = addDays(fd.day, 1);
    fd.clock.set(at('23:50'));
    const { ctx, page } = await pageAt(fd.browser, at('23:50'));
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await page.getByRole('heading', { name: 'Agenda', level: 1 }).waitFor();
    await agendaShows(page, fd.day, 'before midnight the agenda opens on the clinic\'s today');
    await page.getByRole('button', { name: 'Siguiente' }).focus();

    await letTimePass(page, 20);
    await agendaShows(page, tomorrow, 'after midnight the agenda that showed today shows the new today, without Hoy');
    await focusInside(page, '.controles', 'the agenda moved to the new day');
    await ctx.close();
  });

  it('a day she chose stays at midnight, and an agenda left on today for another page comes back on the new today', async () => {
    const evening = addDays(fd.day, 1);
    const chosen = addDays(evening, 3);
    fd.clock.set(at('23:50', evening));
    const { ctx, page } = await pageAt(fd.browser, at('23:50', evening));
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await agendaShows(page, evening, 'the agenda opens on today');
    await page.getByLabel('Fecha').fill(chosen);
    await agendaShows(page, chosen, 'the day she chose');

    await letTimePass(page, 20);
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await agendaShows(page, addDays(chosen, 1), 'a chosen day is not moved at midnight (Siguiente goes on from it)');

    // Back on today, then off to another page while midnight passes: the agenda comes back on the new today.
    await page.getByRole('button', { name: 'Hoy', exact: true }).click();
    const today = addDays(evening, 1);
    await agendaShows(page, today, 'Hoy');
    await letTimePass(page, 23 * 60 + 30); // 23:40 of that day
    await page.getByRole('link', { name: 'Pacientes' }).click();
    await page.getByRole('heading', { name: 'Pacientes', level: 1 }).waitFor();
    await letTimePass(page, 30);
    await page.getByRole('link', { name: 'Agenda' }).click();
    await agendaShows(page, addDays(today, 1), 'the agenda left on today comes back on the new today');
    await ctx.close();
  });
});
