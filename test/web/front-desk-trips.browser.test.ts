import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_ADMIN } from '../support/admin';
import { citaAt, openAgenda } from '../support/agenda-page';
import { browserSkipReason, focusInside, logIn, loggedIn, statusSays } from '../support/browser';
import type { Account, CenterRecord } from '../support/citas';
import { dayWords, nextWeekday } from '../support/clinic-days';
import { frontDeskSuite, suiteCita } from '../support/front-desk-suite';
import { holdFirst } from '../support/held-requests';
import { pageAt } from '../support/page-clock';

/**
 * What a receptionist who books (RESERVA_SECRETARIA=true) tripped on at the
 * front desk: a walk-in patient nobody has given an alta, for whom the
 * page offered nothing; a cita she moved to another day and center, which
 * the agenda then did not show; a day slow to read, blank meanwhile. A
 * request the test holds waits until the test lets it go. Real headless Chromium on the real services, on
 * one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();

/** What she reads when the patient she looks for is not in Pacientes and she cannot give the alta. */
const ALTA = /Dar de alta a un paciente lo hace la administración/;

describe('front desk trips of a secretaria who books', { skip }, () => {
  const fd = frontDeskSuite({
    desk: { citasEnv: { RESERVA_SECRETARIA: 'true' }, webEnv: { RESERVA_SECRETARIA: 'true' } },
    center: 'Clínica Tropiezos',
    doctor: { nombre: 'Dr. Tomás Paso', especialidad: 'Odontología general' },
    patient: 'Elena Conocida',
  });
  let secretaria: Account;
  let otherCenter: CenterRecord;

  before(async () => {
    secretaria = await fd.sys.createSecretaria();
    otherCenter = await fd.sys.createCenter({ nombre: 'Clínica Destino' });
  });

  it('a walk-in patient nobody gave an alta: the booking form and Pacientes say the administration gives it; an admin still creates her', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await page.getByRole('button', { name: /^Libre / }).first().click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.getByLabel('Paciente', { exact: true }).fill('Walter Nuevo');
    await page.getByLabel('Paciente', { exact: true }).press('Enter');
    await page.locator('form.reserva').getByText(ALTA).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Nuevo paciente' }).count(), 0, 'she is not offered what admin refuses her');

    await page.getByRole('link', { name: 'Pacientes' }).click();
    await page.getByRole('heading', { name: 'Pacientes', level: 1 }).waitFor();
    await page.getByLabel('Buscar por nombre o teléfono').fill('Walter Nuevo');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.locator('main').getByText(ALTA).waitFor();
    await ctx.close();

    const admin = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await openAgenda(admin.page, fd.center.id, fd.doctor, fd.day);
    await admin.page.getByRole('button', { name: /^Libre / }).first().click();
    await admin.page.getByLabel('Paciente', { exact: true }).fill('Walter Nuevo');
    await admin.page.getByLabel('Paciente', { exact: true }).press('Enter');
    await admin.page.getByRole('button', { name: 'Nuevo paciente' }).waitFor();
    assert.equal(await admin.page.locator('main').getByText(ALTA).count(), 0, 'an admin, who gives the alta, is not sent to herself');
    await admin.ctx.close();
  });

  it('Cambiar to another day and center: the agenda then shows that day at that center, the new cita on it and its panel open', async () => {
    await suiteCita(fd, '10:00', 'Revisión');
    const newDay = nextWeekday(fd.day);
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await citaAt(page, '10:00').click();
    await page.getByRole('group', { name: 'Acciones de la cita' }).getByRole('button', { name: 'Cambiar', exact: true }).click();
    const form = page.locator('form.reserva');
    await form.getByRole('heading', { name: 'Cambiar la cita' }).waitFor();
    await form.getByLabel('Centro').selectOption(String(otherCenter.id));
    await form.getByLabel('Fecha').fill(newDay);
    await form.getByLabel('Hora').selectOption('11:00');
    await form.getByRole('button', { name: 'Guardar cambio' }).click();
    await statusSays(page, /Cita cambiada/);

    const controls = page.locator('form.controles');
    await page.getByRole('group', { name: `Agenda del ${dayWords(newDay, fd.clock.now())}` }).getByRole('button', { name: /^Cita 11:00 / }).waitFor();
    assert.equal(await controls.getByLabel('Fecha').inputValue(), newDay, "Fecha says the new cita's day");
    assert.equal(await controls.getByLabel('Centro').inputValue(), String(otherCenter.id), "Centro says the new cita's center");
    assert.ok(page.url().includes(`fecha=${newDay}`), `the address keeps the day shown: ${page.url()}`);
    const panel = page.locator('.cita-panel').filter({ hasText: 'Sustituye a' });
    await panel.waitFor();
    assert.match(await panel.innerText(), new RegExp(`${dayWords(newDay, fd.clock.now())}, 11:00`), "the panel open is the new cita's");
    await focusInside(page, '.cita-panel', 'the change');
    assert.equal(await citaAt(page, '10:00').count(), 0, 'the old day is not left on screen');
    await ctx.close();
  });

  it('a day slow to read says "Cargando…" in the grid\'s place, busy, once, and the grid replaces it', async () => {
    const slowDay = nextWeekday(nextWeekday(fd.day));
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    const held = await holdFirst(page, 'GET', (url) => url.pathname === '/api/citas/citas' && url.searchParams.get('fecha') === slowDay);
    await page.locator('form.controles').getByLabel('Fecha').fill(slowDay);
    await held.reached;

    const zona = page.locator('.agenda-zona');
    await zona.getByText('Cargando…').waitFor();
    assert.equal(await zona.getAttribute('aria-busy'), 'true', 'the grid\'s place is busy');
    assert.equal(await page.getByRole('group', { name: /^Agenda del / }).count(), 0, 'the day before is not left under the new Fecha');
    assert.equal(await page.locator('.resumen').innerText(), 'Cargando la agenda…', 'said once, on the polite line');
    // The drawn agenda's line names its day ("jueves, 5 de ...: 2 citas"); the loading line does not, so a reader
    // (or a test) waiting for that day's line is not answered before the day is on screen.
    assert.equal(await page.locator('.resumen', { hasText: dayWords(slowDay, fd.clock.now()) }).count(), 0, 'the loading line is not the day\'s line');

    held.release();
    await page.getByRole('group', { name: `Agenda del ${dayWords(slowDay, fd.clock.now())}` }).waitFor();
    assert.equal(await zona.getByText('Cargando…').count(), 0);
    assert.equal(await zona.getAttribute('aria-busy'), null);
    assert.doesNotMatch(await page.locator('.resumen').innerText(), /Cargando/);
    await ctx.close();
  });

  it('a day read within 400 ms is drawn with no "Cargando…" in between; one held past it says it', async () => {
    const quickDay = nextWeekday(fd.day);
    const slowDay = nextWeekday(quickDay);
    // The page's timers run on Playwright's clock, paused: 400 ms pass only when the test says so.
    const { ctx, page } = await pageAt(fd.browser, fd.clock.now());
    await logIn(page, fd.web.url, secretaria.username, secretaria.password);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await page.clock.pauseAt(new Date((await page.evaluate(() => Date.now())) + 1000));
    // Every "Cargando…" the page ever writes, however briefly, is counted.
    await page.evaluate(() => {
      const w = globalThis as any;
      w.cargando = 0;
      new w.MutationObserver(() => {
        if (w.document.querySelector('.agenda-zona')?.textContent?.includes('Cargando')) w.cargando += 1;
      }).observe(w.document.body, { childList: true, subtree: true, characterData: true });
    });
    const flashes = (): Promise<number> => page.evaluate(() => (globalThis as any).cargando);
    const fecha = page.locator('form.controles').getByLabel('Fecha');

    const quick = await holdFirst(page, 'GET', (url) => url.pathname === '/api/citas/citas' && url.searchParams.get('fecha') === quickDay);
    await fecha.fill(quickDay);
    await quick.reached;
    await page.clock.runFor(399);
    quick.release();
    await page.getByRole('group', { name: `Agenda del ${dayWords(quickDay, fd.clock.now())}` }).waitFor();
    assert.equal(await flashes(), 0, 'a read answered in 399 ms never flashed "Cargando…"');

    const slow = await holdFirst(page, 'GET', (url) => url.pathname === '/api/citas/citas' && url.searchParams.get('fecha') === slowDay);
    await fecha.fill(slowDay);
    await slow.reached;
    await page.clock.runFor(400);
    await page.locator('.agenda-zona').getByText('Cargando…').waitFor();
    slow.release();
    await page.getByRole('group', { name: `Agenda del ${dayWords(slowDay, fd.clock.now())}` }).waitFor();
    assert.ok((await flashes()) > 0, 'the same watch sees the slow read\'s "Cargando…"');
    await ctx.close();
  });

  it("a doctor, who does not book, reads that reception books here too, not only the patient and the administration", async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.doctor);
    await page.getByRole('heading', { level: 1, name: 'Mi agenda' }).waitFor();
    await page.locator('main').getByText(/reservan las citas/).waitFor();
    assert.equal(
      await page.locator('main').getByText(/reservan las citas/).innerText(),
      'Aquí los huecos libres se consultan: reservan las citas el propio paciente, recepción o la administración.',
    );
    await ctx.close();
  });

  it("a slot taken from Próximos huecos opens Reservar with its doctor's specialty in Próximo hueco libre, not the first of the list", async () => {
    // A specialty before the suite doctor's in the alphabet: the one the box showed whatever slot she came from.
    await fd.sys.createDoctor({ nombre: 'Dr. Antes Alfabeto', especialidad: 'Cirugía oral' });
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    await page.getByRole('link', { name: 'Próximos huecos' }).click();
    await page.getByRole('heading', { name: 'Próximos huecos', level: 1 }).waitFor();
    await page.getByLabel('Especialidad').selectOption(fd.doctor.especialidad);
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page.getByRole('button', { name: new RegExp(`^Reservar .* con ${fd.doctor.nombre}`) }).first().click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    assert.equal(await page.locator('section.buscar-hueco').getByLabel('Especialidad').inputValue(), fd.doctor.especialidad);
    await ctx.close();
  });
});
