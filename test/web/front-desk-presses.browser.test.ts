import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { openAgenda, slot } from '../support/agenda-page';
import { browserSkipReason, focusInside, loggedIn, statusSays } from '../support/browser';
import type { PatientAccount } from '../support/citas';
import { addDays, dayWords } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';
import { type Held, holdFirst } from '../support/held-requests';

/**
 * How a press of the front desk's buttons is received: an impatient double
 * press (a double-click) sends its request once and shows its outcome once.
 * Playwright's route interception holds the first request until both
 * presses have happened, so a second request, if the page sends one, is on
 * its way before the first is answered, as on a slow network. Real headless
 * Chromium on the real services, on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();

/** Every message the page shows as an alert (the page's line and each form's), non-empty ones only. */
async function alertsShown(page: Page): Promise<string[]> {
  return (await page.getByRole('alert').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
}

/**
 * What a form's own message line shows, and whether a screen reader reads
 * it out by itself: it does when the line is, or is inside, a live region.
 */
async function lineSays(line: Locator): Promise<{ text: string; live: boolean }> {
  return line.evaluate((el: any) => ({
    text: el.textContent.trim(),
    live: Boolean(el.closest('[role=alert], [role=status], [role=log], [aria-live]:not([aria-live=off])')),
  }));
}

describe('front desk: a press is received once', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Pulsación',
    doctor: { nombre: 'Dra. Rosa Doble', especialidad: 'Ortodoncia' },
    patient: 'Pablo Impaciente',
  });

  const asAdmin = (): Promise<{ ctx: BrowserContext; page: Page }> => loggedIn(fd.browser, fd.web.url, TEST_ADMIN);

  /** A Revisión of `who` at `time` of the day with the doctor, booked through the API, then its panel opened on `page`'s agenda; its id. */
  async function bookAndOpen(page: Page, time: string, who: PatientAccount = fd.patient): Promise<number> {
    const booked = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T${time}:00`, motivo: 'Revisión', id_paciente: who.id, id_doctor: fd.doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await page.getByRole('button', { name: new RegExp(`^Cita ${time} `) }).click();
    return booked.body.id_cita as number;
  }

  /**
   * A double-click on `button` while its request is held, then the request let go. Returns how the button looked
   * meanwhile, asserted by the caller once the outcome (one request, no error) has been checked.
   */
  async function doublePress(button: Locator, held: Held): Promise<{ disabled: boolean; busy: string | null }> {
    await button.dblclick();
    const meanwhile = { disabled: await button.isDisabled(), busy: await button.getAttribute('aria-busy') };
    held.release();
    return meanwhile;
  }

  function wasBusy(meanwhile: { disabled: boolean; busy: string | null }): void {
    assert.deepEqual(meanwhile, { disabled: true, busy: 'true' }, 'while its request ran the button was not offered, and said it was busy');
  }

  it('Confirmar borrado on an absence pressed twice deletes it once and says "Ausencia borrada", with no "not found" after it', async () => {
    const desde = addDays(fd.day, 7);
    const created = await fd.sys.citas.post(`/agenda/${fd.doctor.id}/ausencias`, { desde: `${desde}T09:00:00`, hasta: `${desde}T11:00:00` }, fd.sys.adminToken);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { ctx, page } = await asAdmin();
    await page.getByRole('link', { name: 'Horarios y ausencias' }).click();
    await page.getByRole('heading', { level: 1, name: 'Horarios y ausencias' }).waitFor();
    await page.getByLabel('Doctor').selectOption(String(fd.doctor.id));
    const borrar = page.locator('ul.ausencias').getByRole('button', { name: /^Borrar/ });
    await borrar.waitFor();
    const held = await holdFirst(page, 'DELETE', (url) => url.pathname === `/api/citas/agenda/${fd.doctor.id}/ausencias/${created.body.id_ausencia}`);

    await borrar.click(); // it asks first
    const meanwhile = await doublePress(page.locator('ul.ausencias').getByRole('button', { name: 'Confirmar borrado' }), held);
    await statusSays(page, /Ausencia borrada/);
    await page.getByText('Ninguna ausencia próxima.').waitFor();
    assert.equal(held.count(), 1, 'one DELETE sent');
    assert.deepEqual(await alertsShown(page), [], 'no error after the absence was deleted');
    wasBusy(meanwhile);
    await ctx.close();
  });

  it('Guardar on a new patient pressed twice creates one patient and says so, with no "username taken" after it', async () => {
    const { ctx, page } = await asAdmin();
    await page.getByRole('link', { name: 'Pacientes' }).click();
    await page.getByRole('button', { name: 'Nuevo paciente' }).click();
    const form = page.locator('form.ficha');
    await form.getByLabel('Nombre').fill('Clara Dosveces');
    await form.getByLabel('Teléfono').fill('612345678');
    await form.getByLabel('Usuario').fill('clara.dosveces');
    await form.getByLabel('Contraseña inicial').fill('Sonrisa-2026-ok');
    const held = await holdFirst(page, 'POST', (url) => url.pathname === '/api/admin/admin/pacientes');

    const meanwhile = await doublePress(form.getByRole('button', { name: 'Guardar', exact: true }), held);
    await statusSays(page, /Paciente creado/);
    assert.equal(held.count(), 1, 'one POST sent');
    assert.deepEqual(await alertsShown(page), [], 'no error after the patient was created');
    const found = await fd.sys.admin.get('/admin/pacientes?q=Clara%20Dosveces', fd.sys.adminToken);
    assert.equal(found.body.total, 1);
    wasBusy(meanwhile);
    await ctx.close();
  });

  it('Guardar is offered again after every outcome: a 503, a refusal in the API\'s words, then a save', async () => {
    const existing = await fd.sys.createPatient({ nombre: 'Eva Primera' });
    const { ctx, page } = await asAdmin();
    await page.getByRole('link', { name: 'Pacientes' }).click();
    await page.getByRole('button', { name: 'Nuevo paciente' }).click();
    const form = page.locator('form.ficha');
    await form.getByLabel('Nombre').fill('Eva Segunda');
    await form.getByLabel('Teléfono').fill('622334455');
    await form.getByLabel('Usuario').fill(existing.username);
    await form.getByLabel('Contraseña inicial').fill('Sonrisa-2026-ok');
    let posts = 0;
    await page.route(
      (url) => url.pathname === '/api/admin/admin/pacientes',
      (route) => {
        if (route.request().method() !== 'POST' || (posts += 1) > 1) return route.continue();
        return route.fulfill({
          status: 503,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '5' },
          body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'SERVICIO_NO_DISPONIBLE', detail: 'El servicio admin no responde.' }),
        });
      },
    );
    const guardar = form.getByRole('button', { name: 'Guardar', exact: true });
    const offered = async () => ({ disabled: await guardar.isDisabled(), busy: await guardar.getAttribute('aria-busy') });

    await guardar.click();
    await page.getByRole('alert').filter({ hasText: 'Servicio no disponible' }).waitFor();
    assert.deepEqual(await offered(), { disabled: false, busy: null }, 'offered again after a 503');

    await guardar.click();
    await form.locator('p.error').filter({ hasText: /\S/ }).waitFor();
    assert.deepEqual(await offered(), { disabled: false, busy: null }, 'offered again after a refusal');

    await form.getByLabel('Usuario').fill('eva.segunda');
    await guardar.click();
    await statusSays(page, /Paciente creado/);
    assert.equal(posts, 3);
    await ctx.close();
  });

  it('Crear paciente in the booking form pressed twice creates one patient and picks her, with no "username taken" after it', async () => {
    const { ctx, page } = await asAdmin();
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await slot(page, '10:00').click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.getByLabel('Paciente', { exact: true }).fill('Nora Nueva');
    await page.getByLabel('Paciente', { exact: true }).press('Enter');
    await page.getByRole('button', { name: 'Nuevo paciente' }).click();
    const nuevo = page.locator('fieldset.nuevo-paciente');
    await nuevo.getByLabel('Teléfono').fill('698765432');
    await nuevo.getByLabel('Usuario del paciente').fill('nora.nueva');
    await nuevo.getByLabel('Contraseña inicial').fill('Sonrisa-2026-ok');
    const held = await holdFirst(page, 'POST', (url) => url.pathname === '/api/admin/admin/pacientes');

    const meanwhile = await doublePress(nuevo.getByRole('button', { name: 'Crear paciente' }), held);
    await statusSays(page, /Paciente Nora Nueva creado/);
    await page.getByRole('radio', { name: /Nora Nueva/ }).waitFor();
    assert.equal(held.count(), 1, 'one POST sent');
    assert.deepEqual(await alertsShown(page), [], 'no error after the patient was created');
    wasBusy(meanwhile);
    await ctx.close();
  });

  it('Confirmar in a cita\'s panel pressed twice sends one change and draws the agenda once', async () => {
    const { ctx, page } = await asAdmin();
    const id = await bookAndOpen(page, '11:00');
    const confirmar = page.locator('.cita-panel').getByRole('button', { name: 'Confirmar', exact: true });
    await confirmar.waitFor();
    let agendaReads = 0;
    await page.route(
      (url) => url.pathname === '/api/citas/citas' && url.searchParams.get('fecha') === fd.day,
      (route) => {
        agendaReads += 1;
        return route.continue();
      },
    );
    const held = await holdFirst(page, 'PUT', (url) => url.pathname === `/api/citas/citas/${id}`);

    const meanwhile = await doublePress(confirmar, held);
    await statusSays(page, /confirmada/i);
    await page.locator('.cita-panel .estado', { hasText: 'Confirmada' }).waitFor();
    assert.equal(held.count(), 1, 'one PUT sent');
    assert.equal(agendaReads, 1, 'the agenda drawn once after the change');
    assert.deepEqual(await alertsShown(page), [], 'no error after the cita was confirmed');
    wasBusy(meanwhile);
    await ctx.close();
  });

  it('Confirmar baja and Reactivar pressed twice each send one request, and say so once, with no error after it', async () => {
    const paciente = await fd.sys.createPatient({ nombre: 'Bea Dosbajas' });
    const { ctx, page } = await asAdmin();
    await page.getByRole('link', { name: 'Pacientes' }).click();
    await page.getByLabel('Buscar por nombre').fill(paciente.nombre);
    await page.getByLabel('Buscar por nombre').press('Enter');
    const row = page.locator(`tr[data-id="${paciente.id}"]`);
    const path = `/api/admin/admin/pacientes/${paciente.id}`;

    const bajas = await holdFirst(page, 'DELETE', (url) => url.pathname === path);
    await row.getByRole('button', { name: `Dar de baja ${paciente.nombre}` }).click(); // it asks first, in place
    const bajaMeanwhile = await doublePress(page.getByRole('button', { name: 'Confirmar baja' }), bajas);
    await statusSays(page, /Bea Dosbajas: dado de baja/);
    const reactivar = row.getByRole('button', { name: `Reactivar ${paciente.nombre}` });
    await reactivar.waitFor();
    assert.equal(bajas.count(), 1, 'one DELETE sent');
    assert.deepEqual(await alertsShown(page), [], 'no error after the patient was deactivated');
    wasBusy(bajaMeanwhile);

    const altas = await holdFirst(page, 'PATCH', (url) => url.pathname === path);
    const altaMeanwhile = await doublePress(reactivar, altas);
    await statusSays(page, /Bea Dosbajas: dado de alta de nuevo/);
    await row.getByRole('button', { name: `Dar de baja ${paciente.nombre}` }).waitFor();
    assert.equal(altas.count(), 1, 'one PATCH sent');
    assert.deepEqual(await alertsShown(page), [], 'no error after the patient was reactivated');
    wasBusy(altaMeanwhile);
    assert.equal((await fd.sys.admin.get(`/admin/pacientes/${paciente.id}`, fd.sys.adminToken)).body.estado, 'ACTIVO');
    await ctx.close();
  });

  it('Página siguiente pressed twice turns one page, with one request: no page of patients is skipped', async () => {
    const stamp = Date.now().toString(36);
    const items = Array.from({ length: 45 }, (_, i) => ({
      nombre: `Pía Página ${String(i + 1).padStart(2, '0')}`,
      telefono: '600111222',
      username: `pia${stamp}${i}`,
      password: 'Sonrisa-2026-ok',
    }));
    const lote = await fd.sys.admin.post('/admin/pacientes/lote', { items }, fd.sys.adminToken);
    assert.equal(lote.body.created, 45, JSON.stringify(lote.body).slice(0, 300));
    const { ctx, page } = await asAdmin();
    await page.getByRole('link', { name: 'Pacientes' }).click();
    await page.getByLabel('Buscar por nombre').fill('Pía Página');
    await page.getByLabel('Buscar por nombre').press('Enter');
    await page.getByRole('table').getByText(/Pacientes: 45 \(página 1 de 3\)/).waitFor();
    const held = await holdFirst(page, 'GET', (url) => url.pathname === '/api/admin/admin/pacientes');

    const meanwhile = await doublePress(page.getByRole('button', { name: 'Página siguiente' }), held);
    await page.getByRole('table').getByText(/página 2 de 3/).waitFor();
    assert.equal(held.count(), 1, 'one page asked for');
    wasBusy(meanwhile);
    // The pager is set for page 2: both ways are offered again.
    const siguiente = page.getByRole('button', { name: 'Página siguiente' });
    assert.equal(await page.getByRole('button', { name: 'Página anterior' }).isEnabled(), true);
    assert.equal(await siguiente.isEnabled(), true);

    // Onto the last page from the keyboard: Página siguiente, busy while it ran, is not offered again there.
    await siguiente.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('table').getByText(/página 3 de 3/).waitFor();
    await focusInside(page, '[role=group][aria-label="Páginas"] button:first-child', 'Página siguiente onto the last page');
    assert.equal(await siguiente.isDisabled(), true, 'no Página siguiente on the last page');
    await ctx.close();
  });

  it('Siguiente on the agenda pressed twice moves one day, with one read of its citas', async () => {
    const { ctx, page } = await asAdmin();
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    const held = await holdFirst(page, 'GET', (url) => url.pathname === '/api/citas/citas');

    const meanwhile = await doublePress(page.getByRole('button', { name: 'Siguiente', exact: true }), held);
    await page.locator('.agenda-zona:not([aria-busy])').waitFor();
    const next = addDays(fd.day, 1);
    assert.equal(await page.getByLabel('Fecha').inputValue(), next, 'one day on, not two');
    assert.match((await page.locator('.resumen').textContent()) ?? '', new RegExp(`^${dayWords(next, fd.clock.now())}:`));
    assert.equal(held.count(), 1, "one read of the day's citas");
    wasBusy(meanwhile);
    await ctx.close();
  });

  it('Buscar pressed twice, in Pacientes and in Próximos huecos, sends one search', async () => {
    const { ctx, page } = await asAdmin();
    await page.getByRole('link', { name: 'Pacientes' }).click();
    await page.getByRole('table').waitFor();
    await page.getByLabel('Buscar por nombre').fill(fd.patient.nombre);
    const pacientes = await holdFirst(page, 'GET', (url) => url.pathname === '/api/admin/admin/pacientes');
    const pacientesMeanwhile = await doublePress(page.getByRole('button', { name: 'Buscar', exact: true }), pacientes);
    await page.getByRole('table').getByText(/Pacientes: 1 /).waitFor();
    assert.equal(pacientes.count(), 1, 'one search of patients');
    wasBusy(pacientesMeanwhile);

    await page.getByRole('link', { name: 'Próximos huecos' }).click();
    await page.getByLabel('Especialidad').selectOption('Ortodoncia');
    const huecos = await holdFirst(page, 'GET', (url) => url.pathname === '/api/citas/citas/disponibilidad/proximos');
    const huecosMeanwhile = await doublePress(page.getByRole('button', { name: 'Buscar', exact: true }), huecos);
    await page.getByRole('table').getByText('Próximos huecos de Ortodoncia').waitFor();
    assert.equal(huecos.count(), 1, 'one search of free slots');
    wasBusy(huecosMeanwhile);
    await ctx.close();
  });

  /** The first `method` request to `path` answered 503 by a stub, as the web does when citas does not answer; the rest pass. */
  async function firstUnavailable(page: Page, method: string, path: string, detail: string): Promise<void> {
    let seen = 0;
    await page.route(
      (url) => url.pathname === path,
      (route) => {
        if (route.request().method() !== method || (seen += 1) > 1) return route.continue();
        return route.fulfill({
          status: 503,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '5' },
          body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'SERVICIO_NO_DISPONIBLE', detail }),
        });
      },
    );
  }

  /**
   * After a 503 the page's alert line says it, with Reintentar, and is the one a screen reader reads out; the form's
   * own line, where she is looking, says in a few words that the press got nowhere and points there, without being
   * read out a second time.
   */
  async function saidOnceAndPointedAt(page: Page, formLine: Locator, detail: string): Promise<void> {
    await page.getByRole('alert').filter({ hasText: 'Servicio no disponible' }).waitFor();
    assert.equal((await alertsShown(page)).filter((t) => t.includes(detail)).length, 1, 'read out once');
    const said = await lineSays(formLine);
    assert.match(said.text, /no está disponible/, `the form's own line says nothing of the 503: ${JSON.stringify(said.text)}`);
    assert.match(said.text, /aviso de arriba/, 'it points to the notice with Reintentar');
    assert.equal(said.live, false, "the form's line is not a second live region reading the 503 out");
  }

  it('a 503 on Reservar and on Guardar cambio is read out once, on the page\'s alert line with Reintentar; the form\'s own line says so quietly', async () => {
    const { ctx, page } = await asAdmin();
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await slot(page, '09:00').click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.getByLabel('Paciente', { exact: true }).fill('Pablo');
    await page.getByLabel('Paciente', { exact: true }).press('Enter');
    await page.getByRole('radio', { name: /Pablo Impaciente/ }).check();
    await page.getByLabel('Motivo', { exact: true }).fill('Limpieza');
    const reservar = 'El servicio citas no responde (reserva).';
    await firstUnavailable(page, 'POST', '/api/citas/citas', reservar);
    await page.getByRole('button', { name: 'Reservar', exact: true }).click();
    await saidOnceAndPointedAt(page, page.locator('form.reserva > p.error'), reservar);
    await page.getByRole('button', { name: 'Reintentar' }).click();
    await statusSays(page, /Cita reservada: .* a las 09:00/);

    await page.locator('.cita-panel').getByRole('button', { name: 'Cambiar', exact: true }).click();
    await page.getByRole('heading', { name: 'Cambiar la cita' }).waitFor();
    await page.locator('form.reserva select[name=hora] option[value="09:30"]').waitFor({ state: 'attached' });
    await page.locator('form.reserva').getByLabel('Hora').selectOption('09:30');
    const cambio = 'El servicio citas no responde (cambio).';
    const cita = await page.locator('.cita-panel').getAttribute('data-cita');
    await firstUnavailable(page, 'PUT', `/api/citas/citas/${cita}`, cambio);
    await page.getByRole('button', { name: 'Guardar cambio' }).click();
    await saidOnceAndPointedAt(page, page.locator('form.reserva > p.error'), cambio);
    await ctx.close();
  });

  it('a 503 on Guardar of a new patient and on Confirmar cancelación is read out once; the form\'s and the panel\'s own line say so quietly', async () => {
    const { ctx, page } = await asAdmin();
    await page.getByRole('link', { name: 'Pacientes' }).click();
    await page.getByRole('button', { name: 'Nuevo paciente' }).click();
    const form = page.locator('form.ficha');
    await form.getByLabel('Nombre').fill('Lía Sinrespuesta');
    await form.getByLabel('Teléfono').fill('655443322');
    await form.getByLabel('Usuario').fill('lia.sinrespuesta');
    await form.getByLabel('Contraseña inicial').fill('Sonrisa-2026-ok');
    const guardar = 'El servicio admin no responde (ficha).';
    await firstUnavailable(page, 'POST', '/api/admin/admin/pacientes', guardar);
    await form.getByRole('button', { name: 'Guardar', exact: true }).click();
    await saidOnceAndPointedAt(page, page.locator('form.ficha > p.error'), guardar);

    const id = await bookAndOpen(page, '13:30');
    await page.locator('.cita-panel').getByRole('button', { name: 'Cancelar', exact: true }).click();
    await page.getByLabel('Motivo de cancelación').fill('Avisa por teléfono');
    const cancelar = 'El servicio citas no responde (cancelación).';
    await firstUnavailable(page, 'PUT', `/api/citas/citas/${id}`, cancelar);
    await page.getByRole('button', { name: 'Confirmar cancelación' }).click();
    await saidOnceAndPointedAt(page, page.locator('.cita-panel > p.error'), cancelar);
    await ctx.close();
  });

  it('a 503 on Historial, then Reintentar: the history is shown, and the panel\'s own line no longer points to a notice that is gone', async () => {
    const hugo = await fd.sys.createPatient({ nombre: 'Hugo Historial' });
    const { ctx, page } = await asAdmin();
    const id = await bookAndOpen(page, '12:30', hugo);
    const historial = 'El servicio citas no responde (historial).';
    await firstUnavailable(page, 'GET', `/api/citas/citas/${id}/historial`, historial);
    await page.locator('.cita-panel').getByRole('button', { name: 'Historial', exact: true }).click();
    await saidOnceAndPointedAt(page, page.locator('.cita-panel > p.error'), historial);

    await page.getByRole('button', { name: 'Reintentar' }).click();
    await page.locator('.cita-panel section.historial').waitFor();
    assert.deepEqual(await alertsShown(page), [], 'the notice went with Reintentar');
    assert.deepEqual(
      await lineSays(page.locator('.cita-panel > p.error')),
      { text: '', live: true },
      'the panel\'s line no longer says there was no answer, nor points to a Reintentar that is gone',
    );
    await ctx.close();
  });
});
