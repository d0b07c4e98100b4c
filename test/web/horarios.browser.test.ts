import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { clinicDateOf, instantAt, parseLocalDate } from '../../core/domain/clinic-time';
import { browserSkipReason, focusInside, logIn, newContext, statusSays } from '../support/browser';
import type { Account, CenterRecord, DoctorAccount, PatientAccount } from '../support/citas';
import { addDays, dayWords, nextWeekday } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';
import { type Held, holdFirst } from '../support/held-requests';
import { pageAt } from '../support/page-clock';

/**
 * "Horarios y ausencias" from the keyboard alone (the contract: the UI works
 * with keyboard alone). A receptionist types a doctor's week in: every button
 * she presses either stays where it was or hands the focus to the next thing
 * she will want, never to the top of the page, and saving one center's
 * schedule leaves that center on screen. Real Chromium on the real services.
 */
const skip = browserSkipReason();

describe('Horarios y ausencias with the keyboard', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Norte' });
  let page: Page;
  let secretaria: Account;
  let doctor: DoctorAccount;
  let second: CenterRecord;
  let day: string;
  /** A doctor without schedule and his patient, for an absence over a booked cita (made before the page reads the directory). */
  let ciro: DoctorAccount;
  let elena: PatientAccount;

  before(async () => {
    // This file's own day, a week ahead (not fd.day, the next weekday): the absences below are typed on it.
    day = addDays(clinicDateOf(fd.clock.now(), 'Europe/Madrid'), 7);
    second = await fd.sys.createCenter({ nombre: 'Clínica Sur' });
    doctor = await fd.sys.createDoctor({ nombre: 'Dra. Semana Tecla', especialidad: 'Ortodoncia' });
    secretaria = await fd.sys.createSecretaria();
    ciro = await fd.sys.createDoctor({ nombre: 'Dr. Ciro Conflicto', especialidad: 'Endodoncia' });
    elena = await fd.sys.createPatient({ nombre: 'Elena Dentro' });
    const ctx = await newContext(fd.browser);
    page = await ctx.newPage();
    await logIn(page, fd.web.url, secretaria.username, secretaria.password);
    await page.getByRole('link', { name: 'Horarios y ausencias' }).click();
    // The agenda she leaves has a Doctor field too: choose in this page's, once it is drawn.
    await page.getByRole('heading', { level: 1, name: 'Horarios y ausencias' }).waitFor();
    await page.getByLabel('Doctor').selectOption(String(doctor.id));
    await page.getByRole('heading', { name: 'Editar horario' }).waitFor();
  });

  const press = async (name: string, scope = page.locator('#contenido')) => {
    await scope.getByRole('button', { name, exact: true }).last().focus();
    await page.keyboard.press('Enter');
  };

  /** Borrar asks first: its confirmation, from the keyboard (the focus is on it once it opens). */
  const confirmBorrado = async () => {
    const confirmar = page.locator('ul.ausencias').getByRole('button', { name: 'Confirmar borrado' });
    await confirmar.waitFor();
    await confirmar.focus();
    await page.keyboard.press('Enter');
  };

  it("reads a doctor's week a day at a time: each day once, its franjas in the order of the day, whatever order they were saved in", async () => {
    const partido = await fd.sys.createDoctor({ nombre: 'Dr. Turno Partido', especialidad: 'Endodoncia' });
    const franjas = [
      { dia: 2, desde: '16:00', hasta: '20:00' },
      { dia: 1, desde: '09:00', hasta: '14:00' },
      { dia: 2, desde: '09:00', hasta: '14:00' },
      { dia: 4, desde: '12:00', hasta: '14:00' },
      { dia: 4, desde: '08:00', hasta: '10:00' },
      { dia: 4, desde: '16:00', hasta: '19:00' },
    ];
    const saved = await fd.sys.citas.put(`/agenda/${partido.id}/horario`, { id_centro: fd.center.id, franjas }, fd.sys.adminToken);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const ctx = await newContext(fd.browser);
    try {
      const reader = await ctx.newPage();
      await logIn(reader, fd.web.url, secretaria.username, secretaria.password);
      await reader.getByRole('link', { name: 'Horarios y ausencias' }).click();
      await reader.getByRole('heading', { level: 1, name: 'Horarios y ausencias' }).waitFor();
      await reader.getByLabel('Doctor').selectOption(String(partido.id));
      const row = reader.getByRole('row', { name: new RegExp(`^${fd.center.nombre}`) });
      await row.waitFor();
      assert.equal(
        await row.getByRole('cell').nth(1).innerText(),
        'lunes 09:00–14:00; martes 09:00–14:00 y 16:00–20:00; jueves 08:00–10:00, 12:00–14:00 y 16:00–19:00',
      );
    } finally {
      await ctx.close();
    }
  });

  it('Añadir franja takes her to the new franja; Quitar franja leaves her on the franjas', async () => {
    const form = page.locator('form.horario');
    await press('Añadir franja', form);
    await focusInside(page, 'form.horario fieldset.franja:last-of-type select[name=dia]', 'Añadir franja');
    await press('Añadir franja', form);
    assert.equal(await form.locator('fieldset.franja').count(), 2);
    await form.locator('fieldset.franja').first().getByRole('button', { name: 'Quitar franja' }).focus();
    await page.keyboard.press('Enter');
    await focusInside(page, 'form.horario fieldset.franja button', 'Quitar franja on the first of two');
    await press('Quitar franja', form);
    await focusInside(page, 'form.horario > button[type=button]', 'Quitar franja on the last one'); // Añadir franja
    assert.equal(await form.locator('fieldset.franja').count(), 0);
  });

  it('Guardar horario keeps the center she was editing on screen, with the focus on the form', async () => {
    const form = page.locator('form.horario');
    await form.getByLabel('Centro').selectOption(String(second.id));
    await press('Añadir franja', form);
    const row = form.locator('fieldset.franja').last();
    await row.getByLabel('Día').selectOption('2');
    await row.getByLabel('Desde').fill('10:00');
    await row.getByLabel('Hasta').fill('13:00');
    await press('Guardar horario', form);
    await statusSays(page, /Horario guardado/);
    await page.getByRole('cell', { name: 'Clínica Sur' }).waitFor();
    assert.equal(await page.locator('form.horario').getByLabel('Centro').inputValue(), String(second.id), 'the form still shows Clínica Sur');
    assert.equal(await page.locator('form.horario fieldset.franja').count(), 1, "Clínica Sur's franja is in the form");
    await focusInside(page, 'form.horario button[type=submit]', 'Guardar horario');
  });

  it('Añadir ausencia leaves her on a fresh form; Borrar leaves her on the next absence, then on the form', async () => {
    const form = page.locator('form.ausencia');
    await form.getByLabel('Desde').fill(`${day}T10:00`);
    await form.getByLabel('Hasta').fill(`${day}T12:00`);
    await form.getByLabel('Motivo').fill('Congreso');
    await press('Añadir ausencia', form);
    await statusSays(page, /Ausencia registrada/);
    await focusInside(page, 'form.ausencia input[name=desde]', 'Añadir ausencia');

    const created = await fd.sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde: `${addDays(day, 1)}T09:00:00`, hasta: `${addDays(day, 1)}T11:00:00` }, fd.sys.adminToken);
    assert.equal(created.status, 201);
    await page.getByLabel('Doctor').dispatchEvent('change'); // the page draws the doctor's absences again
    const borrar = page.locator('ul.ausencias').getByRole('button', { name: /^Borrar/ });
    await borrar.nth(1).waitFor();
    await borrar.first().focus();
    await page.keyboard.press('Enter');
    await confirmBorrado();
    await statusSays(page, /Ausencia borrada/);
    await focusInside(page, 'ul.ausencias button', 'Borrar on the first of two');
    await page.keyboard.press('Enter');
    await confirmBorrado();
    await page.getByText('Ninguna ausencia próxima.').waitFor();
    await focusInside(page, 'form.ausencia input[name=desde]', 'Borrar on the last one');
  });

  it('says "Ausencia registrada" and "Ausencia borrada" once the list shows it, even when the list is slow to come back', async () => {
    // A slow network or a busy citas: the list is read again after each change. A status said before
    // that left the focus on a deleted absence's Borrar, so the next Enter deleted it again (404).
    // The test holds each re-read of the list until it has seen that nothing was said meanwhile.
    const theList = (url: URL) => url.pathname === `/api/citas/agenda/${doctor.id}/ausencias`;
    const said = (text: RegExp) => page.getByRole('status').getByText(text).count();
    const holds: Held[] = [];
    try {
      const added = await holdFirst(page, 'GET', theList);
      holds.push(added);
      const form = page.locator('form.ausencia');
      await form.getByLabel('Desde').fill(`${addDays(day, 2)}T10:00`);
      await form.getByLabel('Hasta').fill(`${addDays(day, 2)}T12:00`);
      await press('Añadir ausencia', form);
      await added.reached;
      assert.equal(await said(/Ausencia registrada/), 0, 'nothing said while the list is on its way');
      added.release();
      await statusSays(page, /Ausencia registrada/);
      const borrar = page.locator('ul.ausencias').getByRole('button', { name: /^Borrar/ });
      assert.equal(await borrar.count(), 1, 'the new absence is listed when the page says it is registered');

      const deleted = await holdFirst(page, 'GET', theList);
      holds.push(deleted);
      await borrar.first().focus();
      await page.keyboard.press('Enter');
      await confirmBorrado();
      await deleted.reached;
      assert.equal(await said(/Ausencia borrada/), 0, 'nothing said while the list is on its way');
      deleted.release();
      await statusSays(page, /Ausencia borrada/);
      assert.equal(await borrar.count(), 0, 'the absence is gone from the list when the page says it is deleted');
      assert.equal(await page.getByText('Ninguna ausencia próxima.').count(), 1);
    } finally {
      for (const held of holds) held.release(); // a failed step leaves no request of the shared page hanging
    }
  });

  it('Borrar asks first, naming the absence by its day and hours; Volver and Escape keep it and give the focus back to Borrar', async () => {
    const when = addDays(day, 3);
    const created = await fd.sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde: `${when}T09:00:00`, hasta: `${when}T11:00:00`, motivo: 'Curso' }, fd.sys.adminToken);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await page.getByLabel('Doctor').dispatchEvent('change');
    const list = page.locator('ul.ausencias');
    // Curso's own Borrar, in the list read again: the list drawn before the change may still be on screen for a moment.
    const borrar = list.locator('li', { hasText: 'Curso' }).getByRole('button', { name: /^Borrar/ });
    await borrar.first().waitFor();
    const deletes: string[] = [];
    const seeDelete = (req: { method(): string; url(): string }) => {
      if (req.method() === 'DELETE') deletes.push(req.url());
    };
    page.on('request', seeDelete);
    try {
      for (const how of ['Volver', 'Escape'] as const) {
        await borrar.first().focus();
        await page.keyboard.press('Enter');
        const ask = list.getByRole('form', { name: 'Borrar la ausencia' });
        await ask.getByText(`¿Borrar la ausencia del ${dayWords(when, fd.clock.now())}, de 09:00 a 11:00 (Curso)?`).waitFor();
        await focusInside(page, 'ul.ausencias form', 'Borrar');
        if (how === 'Volver') {
          await ask.getByRole('button', { name: 'Volver' }).focus();
          await page.keyboard.press('Enter');
        } else await page.keyboard.press('Escape');
        await ask.waitFor({ state: 'detached' });
        await focusInside(page, 'ul.ausencias li > button', how);
        assert.equal(await list.getByText('Curso').count(), 1, `${how}: the absence is still listed`);
      }
      assert.deepEqual(deletes, [], 'nothing deleted before she confirms');
      await page.keyboard.press('Enter');
      await confirmBorrado();
      await statusSays(page, /Ausencia borrada/);
      assert.equal(deletes.length, 1);
    } finally {
      page.off('request', seeDelete);
    }
  });

  it('lists an absence that began before today and is still going on', async () => {
    const now = fd.clock.now();
    const today = clinicDateOf(now, 'Europe/Madrid');
    const created = await fd.sys.citas.post(
      `/agenda/${doctor.id}/ausencias`,
      { desde: `${addDays(today, -2)}T09:00:00`, hasta: `${addDays(today, 1)}T09:00:00`, motivo: 'Baja en curso' },
      fd.sys.adminToken,
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await page.getByLabel('Doctor').dispatchEvent('change');
    await page.locator('ul.ausencias').getByText(/Baja en curso/).waitFor();
    assert.equal((await fd.sys.citas.delete(`/agenda/${doctor.id}/ausencias/${created.body.id_ausencia}`, fd.sys.adminToken)).status, 204);
    await page.getByLabel('Doctor').dispatchEvent('change');
    await page.locator('ul.ausencias').getByText(/Baja en curso/).waitFor({ state: 'detached' });
  });

  it('a new absence starts as the whole of today by the services\' clock, so a doctor off sick today takes only Añadir ausencia', async () => {
    const today = clinicDateOf(fd.clock.now(), 'Europe/Madrid');
    const form = page.locator('form.ausencia');
    assert.equal(await form.getByLabel('Desde').inputValue(), `${today}T00:00`);
    assert.equal(await form.getByLabel('Hasta').inputValue(), `${today}T23:59`);
    await form.getByLabel('Motivo').fill('Enfermo hoy');
    await press('Añadir ausencia', form);
    await page.locator('ul.ausencias').getByText(/Enfermo hoy/).waitFor();
    const listed = await fd.sys.citas.get<{ items: Array<{ id_ausencia: number; desde: string; hasta: string; motivo?: string }> }>(`/agenda/${doctor.id}/ausencias`, fd.sys.adminToken);
    const hoy = listed.body.items.find((a) => a.motivo === 'Enfermo hoy');
    assert.ok(hoy, JSON.stringify(listed.body));
    assert.deepEqual([hoy.desde.slice(0, 16), hoy.hasta.slice(0, 16)], [`${today}T00:00`, `${today}T23:59`]);
    await page.locator('ul.ausencias li', { hasText: 'Enfermo hoy' }).getByRole('button', { name: /^Borrar/ }).click();
    await confirmBorrado();
    await statusSays(page, /Ausencia borrada/);
    await page.locator('ul.ausencias').getByText(/Enfermo hoy/).waitFor({ state: 'detached' });
  });

  it('names the citas an absence leaves in place by day, hour and patient, and says what to do with them', async () => {
    const when = nextWeekday(day);
    const cita = await fd.sys.citas.post(
      '/citas',
      { fecha: `${when}T10:30:00`, motivo: 'Empaste', id_paciente: elena.id, id_doctor: ciro.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(cita.status, 201, JSON.stringify(cita.body));
    await page.getByLabel('Doctor').selectOption(String(ciro.id));
    await page.getByRole('heading', { name: 'Editar horario' }).waitFor();
    const form = page.locator('form.ausencia');
    await form.getByLabel('Desde').fill(`${when}T10:00`);
    await form.getByLabel('Hasta').fill(`${when}T12:00`);
    // Her name comes from the day's citas the list is redrawn with (GET /citas by doctor and day), not a read of each cita.
    const reads: string[] = [];
    const seeRead = (r: { url(): string }) => reads.push(new URL(r.url()).pathname);
    page.on('request', seeRead);
    try {
      await press('Añadir ausencia', form);
      await statusSays(page, /Ausencia registrada/);
    } finally {
      page.off('request', seeRead);
    }
    const said = (await page.getByRole('status').allInnerTexts()).join(' ');
    assert.match(said, new RegExp(`1 cita ya reservada cae dentro y sigue en pie: el ${dayWords(when, fd.clock.now())}, a las 10:30, de Elena Dentro\\. Cámbiela o cancélela desde la agenda\\.`), said);
    assert.doesNotMatch(said, /cita \d/, 'no cita ids');
    assert.deepEqual(reads.filter((r) => /^\/api\/citas\/citas\/\d+$/.test(r)), [], 'a cita read one by one');
  });

  it('a doctor off sick: the citas his absence leaves are listed to call, with phone and Ver en la agenda, and the list keeps what is left when she comes back', async () => {
    const when = nextWeekday(addDays(day, 1));
    const baja = await fd.sys.createDoctor({ nombre: 'Dr. Baja Repentina', especialidad: 'Periodoncia' });
    const primera = await fd.sys.createPatient({ nombre: 'Irene Primera' });
    const segunda = await fd.sys.createPatient({ nombre: 'Óscar Segundo' });
    for (const [p, hora] of [[primera, '10:00'], [segunda, '11:30']] as const) {
      const made = await fd.sys.citas.post('/citas', { fecha: `${when}T${hora}:00`, motivo: 'Raspado', id_paciente: p.id, id_doctor: baja.id, id_centro: fd.center.id }, fd.sys.adminToken);
      assert.equal(made.status, 201, JSON.stringify(made.body));
    }
    const ctx = await newContext(fd.browser);
    try {
      const own = await ctx.newPage();
      await logIn(own, fd.web.url, secretaria.username, secretaria.password);
      await own.getByRole('link', { name: 'Horarios y ausencias' }).click();
      await own.getByRole('heading', { level: 1, name: 'Horarios y ausencias' }).waitFor();
      await own.getByLabel('Doctor').selectOption(String(baja.id));
      await own.getByRole('heading', { name: 'Editar horario' }).waitFor();
      const form = own.locator('form.ausencia');
      await form.getByLabel('Desde').fill(`${when}T09:00`);
      await form.getByLabel('Hasta').fill(`${when}T14:00`);
      await form.getByLabel('Motivo').fill('Gripe');
      await form.getByRole('button', { name: 'Añadir ausencia' }).click();
      await statusSays(own, /Ausencia registrada/);

      // Where she is (under the absences), not a sentence at the top of the page: whom to call, at which number.
      const llamar = own.getByRole('table', { name: /Citas que llamar/ });
      await llamar.waitFor();
      assert.match(await llamar.locator('caption').innerText(), /quedan 2/);
      const filas = llamar.locator('tbody tr');
      assert.deepEqual(
        (await filas.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
        [
          `${dayWords(when, fd.clock.now())}, 10:00 Irene Primera +34 600 123 456 ${fd.center.nombre} Raspado Ver en la agenda`,
          `${dayWords(when, fd.clock.now())}, 11:30 Óscar Segundo +34 600 123 456 ${fd.center.nombre} Raspado Ver en la agenda`,
        ],
      );

      // The first call: her cita opens in the agenda, its panel there to change or cancel it.
      await llamar.getByRole('button', { name: /Ver en la agenda la cita de Irene Primera/ }).click();
      await own.getByRole('button', { name: 'Cambiar' }).waitFor();
      const [irene] = (await fd.sys.citas.get<{ items: Array<{ id_cita: number; id_paciente: number }> }>(`/citas?fecha=${when}&id_doctor=${baja.id}`, fd.sys.adminToken)).body.items.filter(
        (c) => c.id_paciente === primera.id,
      );
      assert.equal((await fd.sys.citas.put(`/citas/${irene.id_cita}`, { estado: 'Cancelada' }, fd.sys.adminToken)).status, 200);

      // Back for the next call: the list still there, with only what is left to do, read with the day's
      // citas (GET /citas by doctor and day), not cita by cita.
      const reads: string[] = [];
      own.on('request', (r) => reads.push(new URL(r.url()).pathname));
      await own.getByRole('link', { name: 'Horarios y ausencias' }).click();
      await own.getByLabel('Doctor').selectOption(String(baja.id));
      await own.locator('table.por-llamar caption', { hasText: 'queda 1' }).waitFor();
      assert.deepEqual(reads.filter((r) => /^\/api\/citas\/citas\/\d+$/.test(r)), [], 'a cita read one by one');
      assert.deepEqual(
        (await own.locator('table.por-llamar tbody tr td:nth-child(2)').allInnerTexts()).map((t) => t.trim()),
        ['Óscar Segundo'],
      );
    } finally {
      await ctx.close();
    }
  });

  it("shows the schedule of the doctor chosen last: an earlier doctor's answer that comes back late does not replace it", async () => {
    // Dr. Lento's schedule is slow to come back (a slow network); she has meanwhile chosen Dra. Pronta, who has none.
    const lento = await fd.sys.createDoctor({ nombre: 'Dr. Lento Horario', especialidad: 'Endodoncia' });
    const pronta = await fd.sys.createDoctor({ nombre: 'Dra. Pronta Horario', especialidad: 'Periodoncia' });
    const set = await fd.sys.citas.put(
      `/agenda/${lento.id}/horario`,
      { id_centro: second.id, franjas: [{ dia: 3, desde: '16:00', hasta: '19:30' }], duracion_cita_min: 30 },
      fd.sys.adminToken,
    );
    assert.equal(set.status, 200, JSON.stringify(set.body));

    const ctx = await newContext(fd.browser);
    const own = await ctx.newPage();
    await logIn(own, fd.web.url, secretaria.username, secretaria.password);
    await own.getByRole('link', { name: 'Horarios y ausencias' }).click();
    await own.getByRole('heading', { level: 1, name: 'Horarios y ausencias' }).waitFor();
    await own.getByRole('heading', { name: 'Editar horario' }).waitFor();

    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let asked!: () => void;
    const lentoAsked = new Promise<void>((r) => (asked = r));
    const held = `/api/citas/agenda/${lento.id}/horario`;
    await own.route(
      (url) => url.pathname === held,
      async (route) => {
        asked();
        await released;
        await route.continue();
      },
    );
    const doctorField = own.getByLabel('Doctor');
    await doctorField.selectOption(String(lento.id));
    await lentoAsked;
    await doctorField.selectOption(String(pronta.id));
    await own.getByText('Sin horario: se reserva según la jornada por defecto de la clínica.').waitFor();

    const late = own.waitForResponse((res) => new URL(res.url()).pathname === held);
    release();
    await (await late).finished();
    // The page has had its turns to handle that answer.
    await own.evaluate(() => new Promise((r) => setTimeout(r, 0)).then(() => new Promise((r) => (globalThis as any).requestAnimationFrame(r))));
    assert.equal(await doctorField.inputValue(), String(pronta.id));
    const shown = await own.locator('#contenido').innerText();
    assert.ok(!shown.includes('16:00–19:30'), `Dr. Lento's franja is shown under Dra. Pronta: ${shown.replace(/\s+/g, ' ').slice(0, 300)}`);
    assert.ok(shown.includes('Sin horario'), "Dra. Pronta's own (empty) schedule is still on screen");
    await ctx.close();
  });

  // Last in this file: it moves the desk's clock to tomorrow (forward only; the absences above are typed a week ahead).
  it('no longer lists an absence that ended earlier today, as the API no longer takes it', async () => {
    const tomorrow = addDays(clinicDateOf(fd.clock.now(), 'Europe/Madrid'), 1);
    const at = (hhmm: string, fecha = tomorrow) => instantAt(parseLocalDate(fecha), hhmm, 'Europe/Madrid')!;
    fd.clock.set(at('10:00'));
    for (const [desde, hasta, motivo] of [
      [`${tomorrow}T08:00:00`, `${tomorrow}T11:00:00`, 'Revisión médica'],
      [`${tomorrow}T08:00:00`, `${addDays(tomorrow, 1)}T20:00:00`, 'Congreso'],
    ]) {
      const res = await fd.sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde, hasta, motivo }, fd.sys.adminToken);
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    fd.clock.set(at('12:00'));
    const again = await fd.sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde: `${tomorrow}T08:00:00`, hasta: `${tomorrow}T11:00:00` }, fd.sys.adminToken);
    assert.equal(again.status, 422, 'the API takes an absence that ended at 11:00 at 12:00');

    const { ctx, page: later } = await pageAt(fd.browser, at('12:00'));
    try {
      await logIn(later, fd.web.url, secretaria.username, secretaria.password);
      await later.getByRole('link', { name: 'Horarios y ausencias' }).click();
      await later.getByRole('heading', { level: 1, name: 'Horarios y ausencias' }).waitFor();
      await later.getByLabel('Doctor').selectOption(String(doctor.id));
      const list = later.locator('ul.ausencias');
      await list.getByText(/Congreso/).waitFor();
      assert.equal(await list.getByText(/Revisión médica/).count(), 0, `an absence over at 11:00 is listed at 12:00: ${await list.innerText()}`);
    } finally {
      await ctx.close();
    }
  });
});
