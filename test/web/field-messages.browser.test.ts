import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { MAX_ANTELACION_DIAS } from '../../core/domain/appointment-booking';
import { clinicDateOf } from '../../core/domain/clinic-time';
import { PASSWORD_RULE } from '../../core/domain/password-policy';
import { TEST_ADMIN } from '../support/admin';
import { openAgenda, slot } from '../support/agenda-page';
import { browserSkipReason, focusInside, loggedIn, statusSays } from '../support/browser';
import type { Account, ApiResponse, DoctorAccount } from '../support/citas';
import { addDays, nextWeekday } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * A save the API refuses field by field (422, `errors: [{path, message}]`):
 * each message, in the API's words, is under its own field, which is marked
 * aria-invalid and described by it (aria-describedby), and the focus is on
 * the first such field (form-messages.ts). Each form of the front desk that
 * saves, as a receptionist meets it. Real headless Chromium on the real
 * services, on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';
/** A text with a right-to-left override (U+202E), which every text field of the APIs refuses with a 422 naming it. */
const WITH_OVERRIDE = 'Congreso \u202Eosergnoc';

/** How a field reads to a screen reader: aria-invalid, and the text of what aria-describedby points at, each visible. */
async function fieldSays(field: Locator): Promise<{ invalid: string | null; described: string[] }> {
  return field.evaluate((el: any) => {
    const doc = el.ownerDocument;
    const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const described = ids
      .map((id: string) => doc.getElementById(id))
      .filter((d: any) => d && d.offsetParent !== null)
      .map((d: any) => d.textContent.trim());
    return { invalid: el.getAttribute('aria-invalid'), described };
  });
}

describe('front desk: a save refused field by field', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Campos', doctor: { nombre: 'Dra. Marta Campo', especialidad: 'Ortodoncia' } });
  let secretaria: Account;

  before(async () => {
    secretaria = await fd.sys.createSecretaria();
  });

  const asAdmin = (): Promise<{ ctx: BrowserContext; page: Page }> => loggedIn(fd.browser, fd.web.url, TEST_ADMIN);

  /** A receptionist on Horarios y ausencias with `medico` chosen. */
  async function atTheSchedule(medico: DoctorAccount): Promise<{ ctx: BrowserContext; page: Page }> {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    await page.getByRole('link', { name: 'Horarios y ausencias' }).click();
    // The agenda she leaves has a Doctor field too: choose in this page's, once it is drawn.
    await page.getByRole('heading', { level: 1, name: 'Horarios y ausencias' }).waitFor();
    await page.getByLabel('Doctor').selectOption(String(medico.id));
    await page.getByRole('heading', { name: 'Editar horario' }).waitFor();
    return { ctx, page };
  }

  /** Horarios y ausencias as the receptionist fills it: the clinic's center, one row per franja, then Guardar horario. */
  async function saveSchedule(page: Page, franjas: { dia: number; desde: string; hasta: string }[]): Promise<{ form: Locator; rows: Locator }> {
    const form = page.locator('form.horario');
    await form.getByLabel('Centro').selectOption(String(fd.center.id));
    const rows = form.locator('fieldset.franja');
    for (const [i, f] of franjas.entries()) {
      await form.getByRole('button', { name: 'Añadir franja' }).click();
      await rows.nth(i).getByLabel('Día').selectOption(String(f.dia));
      await rows.nth(i).getByLabel('Desde').fill(f.desde);
      await rows.nth(i).getByLabel('Hasta').fill(f.hasta);
    }
    await form.getByRole('button', { name: 'Guardar horario' }).click();
    return { form, rows };
  }

  /** The API's own refusal of a request (a 422), field by field: path -> every message of that field (a short password breaks two rules), the words the page must show. */
  function refusal(res: ApiResponse): Record<string, string[]> {
    assert.equal(res.status, 422, JSON.stringify(res.body));
    const said: Record<string, string[]> = {};
    for (const e of res.body.errors as { path: string; message: string }[]) (said[e.path] ??= []).push(e.message);
    return said;
  }

  /** What the API answers to a new patient with these credentials: refusal()'s answer, for two fields at least. */
  async function refusedFields(username: string, password: string): Promise<Record<string, string[]>> {
    const said = refusal(await fd.sys.admin.post('/admin/pacientes', { nombre: 'Prueba', telefono: '600000000', username, password }, fd.sys.adminToken));
    assert.ok(Object.keys(said).length >= 2, JSON.stringify(said));
    return said;
  }

  it('a new patient refused for two fields (422) says next to each field why, in the API\'s words, heard on it, with the focus on the first', async () => {
    const said = await refusedFields('ab', 'corta');
    const { ctx, page } = await asAdmin();
    await page.getByRole('link', { name: 'Pacientes' }).click();
    await page.getByRole('button', { name: 'Nuevo paciente' }).click();
    const form = page.locator('form.ficha');
    await form.getByLabel('Nombre').fill('Inés Campos');
    await form.getByLabel('Teléfono').fill('633445566');
    await form.getByLabel('Usuario').fill('ab');
    await form.getByLabel('Contraseña inicial').fill('corta');
    await form.getByRole('button', { name: 'Guardar', exact: true }).click();

    await form.locator('.error').filter({ hasText: /\S/ }).first().waitFor();
    // Contraseña inicial keeps the password rule it said before the press, ahead of what is wrong.
    assert.deepEqual(await fieldSays(form.getByLabel('Usuario')), { invalid: 'true', described: said.username });
    assert.deepEqual(await fieldSays(form.getByLabel('Contraseña inicial')), { invalid: 'true', described: [PASSWORD_RULE, ...said.password] });
    assert.deepEqual(await fieldSays(form.getByLabel('Nombre')), { invalid: null, described: [] }, 'a valid field is not marked');
    await focusInside(page, 'form.ficha input[name=username]', 'a save refused for Usuario and Contraseña inicial');

    // Edited, a field drops what was said of its old value; the field she has not touched keeps its message.
    await form.getByLabel('Usuario').fill('ines.campos');
    assert.deepEqual(await fieldSays(form.getByLabel('Usuario')), { invalid: null, described: [] }, 'Usuario, changed, still says what was wrong with "ab"');
    assert.equal(await form.locator('.campo-error').filter({ hasText: said.username[0] }).count(), 0, 'the message about "ab" is still on screen');
    assert.deepEqual(await fieldSays(form.getByLabel('Contraseña inicial')), { invalid: 'true', described: [PASSWORD_RULE, ...said.password] });

    // Corrected, the messages go with the refusal.
    await form.getByLabel('Contraseña inicial').fill('Sonrisa-2026-ok');
    await form.getByRole('button', { name: 'Guardar', exact: true }).click();
    await statusSays(page, /^Paciente creado: Inés Campos\.$/);
    await ctx.close();
  });

  it('Crear paciente in the booking form refused for two fields (422) says next to each field why, with the focus on the first', async () => {
    const said = await refusedFields('xy', 'breve');
    const { ctx, page } = await asAdmin();
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await slot(page, '12:00').click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.getByLabel('Paciente', { exact: true }).fill('Olga Nueva');
    await page.getByLabel('Paciente', { exact: true }).press('Enter');
    await page.getByRole('button', { name: 'Nuevo paciente' }).click();
    const nuevo = page.locator('fieldset.nuevo-paciente');
    await nuevo.getByLabel('Teléfono').fill('644556677');
    await nuevo.getByLabel('Usuario del paciente').fill('xy');
    await nuevo.getByLabel('Contraseña inicial').fill('breve');
    await nuevo.getByRole('button', { name: 'Crear paciente' }).click();

    await nuevo.locator('.error').filter({ hasText: /\S/ }).first().waitFor();
    assert.deepEqual(await fieldSays(nuevo.getByLabel('Usuario del paciente')), { invalid: 'true', described: said.username });
    assert.deepEqual(await fieldSays(nuevo.getByLabel('Contraseña inicial')), { invalid: 'true', described: [PASSWORD_RULE, ...said.password] });
    await focusInside(page, 'fieldset.nuevo-paciente input[name=username]', 'Crear paciente refused for two fields');
    await ctx.close();
  });

  it('a schedule refused for the hours of two franjas (422) says under each franja\'s own Hasta why, with the focus on the first', async () => {
    const medico = await fd.sys.createDoctor({ nombre: 'Dr. Horacio Franja', especialidad: 'Endodoncia' });
    const franjas = [
      { dia: 1, desde: '14:00', hasta: '10:00' },
      { dia: 2, desde: '15:00', hasta: '12:00' },
    ];
    const said = refusal(await fd.sys.citas.put(`/agenda/${medico.id}/horario`, { id_centro: fd.center.id, franjas, duracion_cita_min: 30 }, fd.sys.adminToken));
    assert.deepEqual(Object.keys(said).sort(), ['franjas.0.hasta', 'franjas.1.hasta']);
    const { ctx, page } = await atTheSchedule(medico);
    const { form, rows } = await saveSchedule(page, franjas);

    await form.locator('.campo-error').nth(1).waitFor();
    assert.deepEqual(await fieldSays(rows.nth(0).getByLabel('Hasta')), { invalid: 'true', described: said['franjas.0.hasta'] });
    assert.deepEqual(await fieldSays(rows.nth(1).getByLabel('Hasta')), { invalid: 'true', described: said['franjas.1.hasta'] });
    for (const i of [0, 1]) {
      assert.deepEqual(await fieldSays(rows.nth(i).getByLabel('Desde')), { invalid: null, described: [] }, 'a valid field is not marked');
    }
    await focusInside(page, 'form.horario fieldset.franja:first-of-type input[name=hasta]', 'a schedule refused for both franjas\' Hasta');

    // Corrected, the messages go with the refusal.
    await rows.nth(0).getByLabel('Desde').fill('09:00');
    await rows.nth(0).getByLabel('Hasta').fill('14:00');
    await rows.nth(1).getByLabel('Desde').fill('12:00');
    await rows.nth(1).getByLabel('Hasta').fill('15:00');
    await form.getByRole('button', { name: 'Guardar horario' }).click();
    await statusSays(page, /Horario guardado/);
    await ctx.close();
  });

  it('a schedule refused because one franja overlaps another (422 on franjas.N) says so on that franja, at its first field, Día', async () => {
    const medico = await fd.sys.createDoctor({ nombre: 'Dra. Solape Campos', especialidad: 'Cirugía oral' });
    const franjas = [
      { dia: 3, desde: '09:00', hasta: '14:00' },
      { dia: 3, desde: '12:00', hasta: '15:00' },
    ];
    const said = refusal(await fd.sys.citas.put(`/agenda/${medico.id}/horario`, { id_centro: fd.center.id, franjas, duracion_cita_min: 30 }, fd.sys.adminToken));
    assert.deepEqual(Object.keys(said), ['franjas.1']);
    const { ctx, page } = await atTheSchedule(medico);
    const { form, rows } = await saveSchedule(page, franjas);

    await form.locator('p.error').filter({ hasText: /\S/ }).waitFor();
    assert.deepEqual(
      await fieldSays(rows.nth(1).getByLabel('Día')),
      { invalid: 'true', described: said['franjas.1'] },
      `the overlap is said on the second franja, not only on the form's line ("${await form.locator('p.error').innerText()}")`,
    );
    for (const label of ['Día', 'Desde', 'Hasta']) {
      assert.deepEqual(await fieldSays(rows.nth(0).getByLabel(label)), { invalid: null, described: [] }, `the first franja's ${label} is not marked`);
    }
    await focusInside(page, 'form.horario fieldset.franja:nth-of-type(2) select[name=dia]', 'a schedule refused for an overlap');

    await rows.nth(1).getByLabel('Desde').fill('16:00');
    await rows.nth(1).getByLabel('Hasta').fill('19:00');
    await form.getByRole('button', { name: 'Guardar horario' }).click();
    await statusSays(page, /Horario guardado/);
    await ctx.close();
  });

  it('an absence refused for its Hasta and its Motivo (422) says under each why, in the API\'s words, with the focus on Hasta', async () => {
    const medico = await fd.sys.createDoctor({ nombre: 'Dra. Ausencia Campos', especialidad: 'Periodoncia' });
    const when = addDays(fd.day, 7);
    const said = refusal(
      await fd.sys.citas.post(`/agenda/${medico.id}/ausencias`, { desde: `${when}T10:00:00`, hasta: `${when}T09:00:00`, motivo: WITH_OVERRIDE }, fd.sys.adminToken),
    );
    assert.deepEqual(Object.keys(said).sort(), ['hasta', 'motivo']);
    const { ctx, page } = await atTheSchedule(medico);
    const form = page.locator('form.ausencia');
    await form.getByLabel('Desde').fill(`${when}T10:00`);
    await form.getByLabel('Hasta').fill(`${when}T09:00`);
    await form.getByLabel('Motivo').fill(WITH_OVERRIDE);
    await form.getByRole('button', { name: 'Añadir ausencia' }).click();

    await form.locator('.campo-error').nth(1).waitFor();
    assert.deepEqual(await fieldSays(form.getByLabel('Hasta')), { invalid: 'true', described: said.hasta });
    assert.deepEqual(await fieldSays(form.getByLabel('Motivo')), { invalid: 'true', described: said.motivo });
    assert.deepEqual(await fieldSays(form.getByLabel('Desde')), { invalid: null, described: [] }, 'a valid field is not marked');
    await focusInside(page, 'form.ausencia input[name=hasta]', 'an absence refused for Hasta and Motivo');

    await form.getByLabel('Hasta').fill(`${when}T12:00`);
    await form.getByLabel('Motivo').fill('Congreso');
    await form.getByRole('button', { name: 'Añadir ausencia' }).click();
    await statusSays(page, /Ausencia registrada/);
    await ctx.close();
  });

  it('a booking refused for its Motivo, then for its Fecha (422), says each under its own field with the focus on it; a mistyped far year offers no hour to press', async () => {
    const medico = await fd.sys.createDoctor({ nombre: 'Dr. Reserva Campos', especialidad: 'Implantología' });
    const paciente = await fd.sys.createPatient({ nombre: 'Nico Campos' });
    const request = { fecha: `${fd.day}T10:00:00`, motivo: WITH_OVERRIDE, id_paciente: paciente.id, id_doctor: medico.id, id_centro: fd.center.id };
    const saidMotivo = refusal(await fd.sys.citas.post('/citas', request, fd.sys.adminToken));
    assert.deepEqual(Object.keys(saidMotivo), ['motivo']);
    // A mistyped year: more than MAX_ANTELACION_DIAS ahead.
    const far = nextWeekday(addDays(clinicDateOf(fd.clock.now(), ZONE), MAX_ANTELACION_DIAS + 7));
    const farRefused = await fd.sys.citas.post('/citas', { ...request, fecha: `${far}T10:00:00`, motivo: 'Implante' }, fd.sys.adminToken);
    const saidFecha = refusal(farRefused);
    assert.deepEqual(Object.keys(saidFecha), ['fecha']);

    const { ctx, page } = await asAdmin();
    await openAgenda(page, fd.center.id, medico, fd.day);
    await slot(page, '10:00').click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    const form = page.locator('form.reserva');
    await form.getByLabel('Paciente', { exact: true }).fill('Nico Campos');
    await form.getByLabel('Paciente', { exact: true }).press('Enter');
    await form.getByRole('radio', { name: /Nico Campos/ }).check();
    await form.getByLabel('Motivo', { exact: true }).fill(WITH_OVERRIDE);
    await form.getByRole('button', { name: 'Reservar', exact: true }).click();

    await form.locator('.campo-error').first().waitFor();
    assert.deepEqual(await fieldSays(form.getByLabel('Motivo', { exact: true })), { invalid: 'true', described: saidMotivo.motivo });
    assert.deepEqual(await fieldSays(form.getByLabel('Fecha')), { invalid: null, described: [] }, 'a valid field is not marked');
    await focusInside(page, 'form.reserva input[name=motivo]', 'a booking refused for Motivo');

    await form.getByLabel('Motivo', { exact: true }).fill('Implante');
    // The API refuses that day (saidFecha), so Hora offers none of its hours: the free slots end where booking does.
    await form.getByLabel('Fecha').fill(far);
    await form.locator('select[name=hora] option', { hasText: 'Sin huecos libres este día' }).waitFor({ state: 'attached' });
    assert.equal(await form.locator('select[name=hora] option[value="10:00"]').count(), 0, `no hour offered on ${far}`);

    // So the page cannot meet that 422 by itself: the API's own answer to it, above, answers the next press instead,
    // to show where a refusal of Fecha lands. The press after it goes through.
    let answered = 0;
    await page.route(
      (url) => url.pathname === '/api/citas/citas',
      (route) =>
        route.request().method() === 'POST' && (answered += 1) === 1
          ? route.fulfill({ status: 422, headers: { 'content-type': 'application/problem+json' }, body: JSON.stringify(farRefused.body) })
          : route.continue(),
    );
    await form.getByLabel('Fecha').fill(fd.day);
    await form.locator('select[name=hora] option[value="10:00"]').waitFor({ state: 'attached' });
    await form.getByLabel('Hora').selectOption('10:00');
    await form.getByRole('button', { name: 'Reservar', exact: true }).click();
    await form.locator('.campo-error', { hasText: saidFecha.fecha[0] }).waitFor();
    assert.deepEqual(await fieldSays(form.getByLabel('Fecha')), { invalid: 'true', described: saidFecha.fecha });
    assert.deepEqual(await fieldSays(form.getByLabel('Motivo', { exact: true })), { invalid: null, described: [] }, 'the corrected Motivo is no longer marked');
    await focusInside(page, 'form.reserva input[name=fecha]', 'a booking refused for Fecha');

    await form.getByRole('button', { name: 'Reservar', exact: true }).click();
    await statusSays(page, /Cita reservada: .* a las 10:00/);
    await ctx.close();
  });
});
