import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { openAgenda, openAtTheDesk, slot } from '../support/agenda-page';
import { chosenHour } from '../support/booking-form';
import { browserSkipReason, focusInside, loggedIn } from '../support/browser';
import type { Account } from '../support/citas';
import { frontDeskSuite } from '../support/front-desk-suite';
import { holdFirst } from '../support/held-requests';

/**
 * The front desk's presses and keys around the booking form: a double
 * press on a free slot or a double Enter in the Paciente search reads once;
 * Escape and Volver close the booking form a free slot opened and the
 * Cambiar form, as they close every form a button opened, and give the
 * focus back to what opened it; and a day of a year written with fewer than
 * four digits (0027) is shown as that year, not as 1927. Real headless
 * Chromium on the real services, on one FixedClock. A request counted is
 * held by the test until both presses have happened, so a second request,
 * if the page sent one, is already on its way: nothing sleeps.
 */
const skip = browserSkipReason();

/** The keyboard focus as a person hears it: the focused element's accessible name (its aria-label, else its text). */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = (globalThis as any).document.activeElement;
    return (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim();
  });
}

/** `control` focused and Enter pressed, as from the keyboard alone. */
async function pressEnter(page: Page, control: Locator): Promise<void> {
  await control.focus();
  await page.keyboard.press('Enter');
}

describe('front desk: presses and keys around the booking form', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Teclas', doctor: { nombre: 'Dra. Inés Tecla', especialidad: 'Endodoncia' }, patient: 'Pablo Intro' });
  let secretaria: Account;

  before(async () => {
    secretaria = await fd.sys.createSecretaria();
  });

  /**
   * The agenda of the doctor's day, drawn, for the admin: she books (a
   * secretaria books only with RESERVA_SECRETARIA; the others' free slots are notes, not buttons).
   */
  async function atTheAgenda(): Promise<{ close(): Promise<void>; page: Page }> {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    return { close: () => ctx.close(), page };
  }

  /** The first free slot of the agenda on screen, and its time (HH:MM). */
  async function firstSlot(page: Page): Promise<{ button: Locator; time: string }> {
    const button = page.getByRole('button', { name: /^Libre / }).first();
    const name = (await button.getAttribute('aria-label')) ?? '';
    const time = /^Libre (\d\d:\d\d) /.exec(name)?.[1];
    assert.ok(time, `a free slot names its time: ${name}`);
    return { button: slot(page, time), time };
  }

  const isFreeSlotsOfTheDay = (url: URL): boolean =>
    url.pathname === '/api/citas/citas/disponibilidad' && url.searchParams.get('id_doctor') === String(fd.doctor.id) && url.searchParams.get('fecha') === fd.day;

  it('a double press on a free slot reads its free slots once, and a press on the slot whose form is open keeps what she typed', async () => {
    const { page, close } = await atTheAgenda();
    const { button, time } = await firstSlot(page);
    const held = await holdFirst(page, 'GET', isFreeSlotsOfTheDay);

    await button.dblclick();
    held.release();
    assert.equal(await chosenHour(page), time, 'the form offers the slot pressed');
    assert.equal(held.count(), 1, "one GET of the day's free slots for one slot pressed twice");
    assert.equal(await page.locator('form.reserva').count(), 1, 'one booking form');

    await page.getByLabel('Motivo').fill('Dolor de muela');
    await button.click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    assert.equal(await page.getByLabel('Motivo').inputValue(), 'Dolor de muela', 'what she typed is still there');
    assert.equal(held.count(), 1, 'the form of the slot already open is not read again');
    await close();
  });

  it('Enter pressed twice in the Paciente search sends one search and shows one list', async () => {
    const { page, close } = await atTheAgenda();
    await (await firstSlot(page)).button.click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    const held = await holdFirst(page, 'GET', (url) => url.pathname === '/api/admin/admin/pacientes');

    const paciente = page.getByLabel('Paciente');
    await paciente.fill(fd.patient.nombre);
    await paciente.press('Enter');
    await paciente.press('Enter');
    held.release();
    const found = page.locator('form.reserva .resultados');
    await found.getByLabel(new RegExp(`^${fd.patient.nombre} · `)).waitFor();
    assert.equal(held.count(), 1, 'one search sent for two Enters on the same text');
    assert.equal(await found.locator('fieldset').count(), 1, 'one list');
    assert.equal(await found.getByRole('radio').count(), 1, 'the one patient who matches, once');
    assert.equal(await found.getByRole('radio').isChecked(), true, 'the only match is chosen');
    await close();
  });

  it("a free slot pressed puts her in Paciente, the one field left to fill: the caller's name is typed at once", async () => {
    const { page, close } = await atTheAgenda();
    const { button } = await firstSlot(page);
    await pressEnter(page, button);
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.keyboard.type('Luis');
    assert.equal(await page.getByLabel('Paciente').inputValue(), 'Luis', 'what she typed went into Paciente, with no Tab first');
    await close();
  });

  it('Enter on a patient found chooses her and takes her on to Motivo: it sends nothing and reports nothing missing', async () => {
    const { page, close } = await atTheAgenda();
    const { button } = await firstSlot(page);
    await pressEnter(page, button);
    const paciente = page.getByLabel('Paciente');
    await paciente.fill('Pablo');
    await paciente.press('Enter');
    const radio = page.getByRole('radio', { name: /Pablo Intro/ });
    await radio.waitFor();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });
    await pressEnter(page, radio);
    await focusInside(page, 'form.reserva input[name=motivo]', 'Enter on the patient found');
    assert.equal(await radio.isChecked(), true, 'she is the patient chosen');
    assert.deepEqual(posts, [], 'nothing was sent');
    assert.equal(await page.locator('form.reserva').getByText(/Falta/).count(), 0, 'nothing reported missing before she could type it');
    await close();
  });

  it('Escape on the booking form a free slot opened clears the Paciente search first, then closes the form and gives the focus back to that slot; Volver too', async () => {
    const { page, close } = await atTheAgenda();
    const { button, time } = await firstSlot(page);
    const heading = page.getByRole('heading', { name: 'Reservar cita' });
    const paciente = page.getByLabel('Paciente');

    await pressEnter(page, button);
    await focusInside(page, 'form.reserva', 'a free slot pressed');
    await page.keyboard.press('Escape');
    await heading.waitFor({ state: 'detached' });
    await focusInside(page, '.bloque.hueco', 'Escape on the booking form');
    assert.match(await focusedName(page), new RegExp(`^Libre ${time} `), 'Escape gives the focus back to the slot that opened the form');

    await pressEnter(page, button);
    await paciente.fill('Pab');
    await page.keyboard.press('Escape');
    assert.equal(await paciente.inputValue(), '', 'the first Escape clears what was typed in the search');
    assert.equal(await heading.count(), 1, 'and leaves the form open');
    await page.keyboard.press('Escape');
    await heading.waitFor({ state: 'detached' });
    await focusInside(page, '.bloque.hueco', 'a second Escape on the booking form');
    assert.match(await focusedName(page), new RegExp(`^Libre ${time} `), 'the second Escape gives the focus back to the slot');

    await pressEnter(page, button);
    await pressEnter(page, page.locator('form.reserva').getByRole('button', { name: 'Volver' }));
    await heading.waitFor({ state: 'detached' });
    await focusInside(page, '.bloque.hueco', 'Volver on the booking form');
    assert.match(await focusedName(page), new RegExp(`^Libre ${time} `), 'Volver gives the focus back to the slot');
    await close();
  });

  it('the Cambiar form has a Volver, which closes it and gives the focus back to Cambiar, as Escape does', async () => {
    const { ctx, page } = await openAtTheDesk(fd, fd.browser, { center: fd.center, day: fd.day, as: secretaria }, { doctor: 'Dr. Óscar Vuelve', patient: 'Nora Atrás', time: '10:30', motivo: 'Revisión' });
    const acciones = page.getByRole('group', { name: 'Acciones de la cita' });
    const heading = page.getByRole('heading', { name: 'Cambiar la cita' });
    await pressEnter(page, acciones.getByRole('button', { name: 'Cambiar', exact: true }));
    await heading.waitFor();
    const volver = page.locator('form.reserva').getByRole('button', { name: 'Volver' });
    assert.equal(await volver.isVisible(), true, 'a visible Volver on the Cambiar form');
    await pressEnter(page, volver);
    await heading.waitFor({ state: 'detached' });
    await focusInside(page, '.cita-panel [role=group]', "Volver on Cambiar's form");
    assert.equal(await focusedName(page), 'Cambiar', "Volver on Cambiar's form gives the focus back to Cambiar");
    await ctx.close();
  });

  it('a day of the year 0027 is shown as 0027 (not 1927), in the day and in the week', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await page.getByLabel('Centro').selectOption(String(fd.center.id));
    await page.getByLabel('Doctor').selectOption(String(fd.doctor.id));
    await page.getByLabel('Fecha').fill('0027-03-02');
    // 0027-03-02 was a Tuesday (proleptic Gregorian, as core/domain/clinic-time.ts counts); 1927-03-02 a Wednesday.
    await page.locator('.resumen', { hasText: 'martes, 2 de marzo de 0027: 0 citas.' }).waitFor();
    await page.getByRole('group', { name: 'Agenda del martes, 2 de marzo de 0027' }).waitFor();
    await page.getByRole('button', { name: 'Semana' }).click();
    await page.locator('.resumen', { hasText: 'Semana del lunes, 1 de marzo de 0027: 0 citas.' }).waitFor();
    assert.equal(await page.getByLabel('Fecha').inputValue(), '0027-03-02');
    await ctx.close();
  });
});
