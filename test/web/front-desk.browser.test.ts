import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { clinicDateOf, instantAt, isoWeekday, parseLocalDate } from '../../core/domain/clinic-time';
import { TEST_ADMIN } from '../support/admin';
import { browserSkipReason, focusInside, logIn, newContext, statusSays, WAIT_MS } from '../support/browser';
import type { Account, DoctorAccount, PatientAccount } from '../support/citas';
import { citaAt, openAgenda as openAgendaOf, openAtTheDesk, slot } from '../support/agenda-page';
import { chosenHour } from '../support/booking-form';
import { addDays, dayWords } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * The front desk end to end: real headless Chromium on the page served by
 * the web service, which calls the real admin and citas services, all three
 * on one FixedClock. Booking days are computed from that clock. Nothing
 * sleeps: every step waits for what the page shows.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';

describe('front desk in the browser', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Centro' });
  let secretaria: Account;
  let admin2: Account;
  const doctors: Record<string, DoctorAccount> = {};
  const patients: Record<string, PatientAccount> = {};

  before(async () => {
    for (const [key, nombre, especialidad] of [
      ['libros', 'Dra. Ana Ruiz', 'Ortodoncia'],
      ['carrera', 'Dr. Bruno Gil', 'Endodoncia'],
      ['teclado', 'Zacarías Teclado', 'Estética dental'],
      ['medico', 'Dra. Carmen Vidal', 'Odontopediatría'],
      ['movil', 'Dr. Diego Soler', 'Periodoncia'],
    ] as const) {
      doctors[key] = await fd.sys.createDoctor({ nombre, especialidad });
    }
    for (const [key, nombre] of [
      ['luis', 'Luis Pérez'],
      ['mar', 'Mar Ortega'],
      ['sol', 'Sol Navarro'],
      ['noa', 'Noa Benítez'],
    ] as const) {
      patients[key] = await fd.sys.createPatient({ nombre });
    }
    secretaria = await fd.sys.createSecretaria();
    const username = `admin2${Date.now().toString(36)}`;
    const created = await fd.sys.admin.post('/admin/usuario', { username, password: 'Sonrisa-2026-ok', rol: 'admin' }, fd.sys.adminToken);
    assert.equal(created.status, 201);
    admin2 = { username, password: 'Sonrisa-2026-ok', token: () => fd.sys.login(username, 'Sonrisa-2026-ok') };
  });

  const openAgenda = (page: Page, doctor: DoctorAccount, fecha = fd.day) => openAgendaOf(page, fd.center.id, doctor, fecha);

  /** A free slot as anyone sees it: a button to book for whoever may, a note for the others. */
  const freeAt = (page: Page, time: string) => slot(page, time).or(page.getByRole('note', { name: new RegExp(`^Libre ${time} `) }));
  /** A cita at `time` of the day for a new doctor and patient, booked through the API and open in a secretaria's agenda, its panel shown. */
  const atTheDesk = (doctor: string, patient: string, time: string, motivo: string) =>
    openAtTheDesk(fd, fd.browser, { center: fd.center, day: fd.day, as: secretaria }, { doctor, patient, time, motivo });

  async function book(page: Page, paciente: string, motivo: string): Promise<void> {
    await page.getByLabel('Paciente').fill(paciente);
    await page.getByLabel('Paciente').press('Enter');
    await page.getByRole('radio', { name: new RegExp(paciente) }).check();
    await page.getByLabel('Motivo', { exact: true }).fill(motivo);
    await page.getByRole('button', { name: 'Reservar', exact: true }).click();
  }

  async function citasOf(doctor: DoctorAccount): Promise<any[]> {
    const res = await fd.sys.citas.get(`/citas?id_doctor=${doctor.id}&fecha=${fd.day}&page_size=100`, fd.sys.adminToken);
    return res.body.items;
  }

  it('admin books into a free slot; a secretaria changes it (old one cancelled and linked) and cancels it with a reason', async () => {
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await openAgenda(page, doctors.libros);
    await slot(page, '10:00').click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    assert.equal(await chosenHour(page), '10:00');
    await book(page, 'Luis', 'Revisión anual');
    await statusSays(page, /Cita reservada: .* a las 10:00/);
    await citaAt(page, '10:00').waitFor();
    // The page moved on to the agenda by itself: the confirmation is still there to read, with whom and where, as
    // reception reads it back to the caller.
    assert.match(await page.getByRole('status').innerText(), new RegExp(`Cita reservada: .* a las 10:00, con ${doctors.libros.nombre} en ${fd.center.nombre}\\.`));
    assert.match((await citaAt(page, '10:00').getAttribute('aria-label')) ?? '', /Luis Pérez, Programada/);
    const [booked] = await citasOf(doctors.libros);
    assert.equal(booked.fecha.slice(0, 16), `${fd.day}T10:00`);
    assert.equal(booked.motivo, 'Revisión anual');
    await ctx.close();

    const sctx = await newContext(fd.browser);
    const sp = await sctx.newPage();
    await logIn(sp, fd.web.url, secretaria.username, secretaria.password);
    await openAgenda(sp, doctors.libros);
    await citaAt(sp, '10:00').click();
    await sp.getByRole('button', { name: 'Cambiar', exact: true }).click();
    await sp.getByRole('heading', { name: 'Cambiar la cita' }).waitFor();
    await sp.getByLabel('Hora').selectOption('11:30');
    await sp.getByRole('button', { name: 'Guardar cambio' }).click();
    await citaAt(sp, '11:30').waitFor();
    await freeAt(sp, '10:00').waitFor();
    await sp.getByText(/Sustituye a/).waitFor();
    const [old] = (await citasOf(doctors.libros)).filter((c) => c.id_cita === booked.id_cita);
    assert.equal(old.estado, 'Cancelada');
    assert.ok(old.id_cita_nueva, 'the old cita points to its successor');

    await sp.getByRole('button', { name: 'Cancelar', exact: true }).click();
    await sp.getByLabel('Motivo de cancelación').fill('El paciente está de viaje');
    await sp.getByRole('button', { name: 'Confirmar cancelación' }).click();
    await sp.locator('.cita-panel .estado', { hasText: 'Cancelada' }).waitFor();
    await freeAt(sp, '11:30').waitFor();
    const after = (await fd.sys.citas.get(`/citas/${old.id_cita_nueva}`, fd.sys.adminToken)).body;
    assert.equal(after.estado, 'Cancelada');
    assert.equal(after.motivo_cancelacion, 'El paciente está de viaje');

    await sp.getByRole('button', { name: 'Historial' }).click();
    const historial = sp.getByRole('region', { name: 'Historial de la cita' });
    await historial.getByText('Cancelada').waitFor();
    await historial.getByText('Reservada').waitFor();
    await sctx.close();
  });

  it('two people book the same slot: the second sees the API\'s 409 in words and the refreshed agenda', async () => {
    const [ca, cb] = [await newContext(fd.browser), await newContext(fd.browser)];
    const [a, b] = [await ca.newPage(), await cb.newPage()];
    await logIn(a, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await logIn(b, fd.web.url, admin2.username, admin2.password);
    for (const p of [a, b]) {
      await openAgenda(p, doctors.carrera);
      await slot(p, '12:00').click();
      await p.getByRole('heading', { name: 'Reservar cita' }).waitFor();
      await p.getByLabel('Hora').selectOption('12:00');
    }
    await book(a, 'Luis', 'Dolor de muelas');
    await statusSays(a, /Cita reservada/);
    await book(b, 'Mar', 'Limpieza');
    const error = b.locator('form.reserva .error');
    await error.getByText(/La agenda se ha actualizado/).waitFor();
    // The same request straight to the API, to compare words: the page shows the API's own detail.
    const direct = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T12:00:00`, motivo: 'x', id_paciente: patients.mar.id, id_doctor: doctors.carrera.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(direct.status, 409);
    assert.ok((await error.textContent())?.includes(direct.body.detail), `${await error.textContent()} / ${direct.body.detail}`);
    await citaAt(b, '12:00').waitFor();
    assert.equal(await slot(b, '12:00').count(), 0);
    assert.equal((await citasOf(doctors.carrera)).filter((c) => c.estado !== 'Cancelada').length, 1);
    await ca.close();
    await cb.close();
  });

  it('books with the keyboard alone, with the focus visible on the way', async () => {
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    const focused = () =>
      page.evaluate(() => {
        const { document, getComputedStyle } = globalThis as any;
        const el = document.activeElement;
        return {
          label: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '',
          name: el?.getAttribute('name') ?? '',
          tag: el?.tagName ?? '',
          outline: el ? getComputedStyle(el).outlineStyle : 'none',
        };
      });
    const tabTo = async (matches: (f: Awaited<ReturnType<typeof focused>>) => boolean, what: string, max = 400) => {
      for (let i = 0; i < max; i += 1) {
        await page.keyboard.press('Tab');
        const f = await focused();
        if (matches(f)) return f;
      }
      throw new Error(`Tab never reached ${what}`);
    };
    await page.goto(fd.web.url);
    await page.getByLabel('Usuario').waitFor();
    await page.keyboard.type(TEST_ADMIN.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_ADMIN.password);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Salir' }).waitFor();
    await page.getByRole('group', { name: /Agenda del |Ningún doctor/ }).or(page.getByText(/Ningún doctor/)).first().waitFor();

    await tabTo((f) => f.name === 'doctor', 'Doctor');
    await page.keyboard.type('Zacar');
    await page.getByRole('region', { name: /^Zacarías Teclado/ }).waitFor();
    const hoy = clinicDateOf(fd.clock.now(), ZONE);
    for (let d = hoy; d < fd.day; d = addDays(d, 1)) {
      const before = await page.locator('.resumen').textContent();
      await tabTo((f) => f.label === 'Siguiente', 'Siguiente');
      await page.keyboard.press('Enter');
      await page.waitForFunction((text) => (globalThis as any).document.querySelector('.resumen')?.textContent !== text, before);
    }
    await page.getByRole('group', { name: `Agenda del ${dayWords(fd.day, fd.clock.now())}` }).getByRole('region', { name: /^Zacarías Teclado/ }).waitFor();
    const atSlot = await tabTo((f) => f.label.startsWith('Libre 09:30 '), 'the 09:30 slot');
    assert.notEqual(atSlot.outline, 'none', 'the focused slot shows a focus outline');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await tabTo((f) => f.name === 'paciente', 'Paciente');
    await page.keyboard.type('Sol Nav');
    await page.keyboard.press('Enter');
    await page.getByRole('radio', { name: /Sol Navarro/ }).waitFor();
    assert.equal(await page.getByRole('radio', { name: /Sol Navarro/ }).isChecked(), true, 'the only match is chosen');
    await tabTo((f) => f.name === 'motivo', 'Motivo', 40);
    await page.keyboard.type('Revisión con teclado');
    const atButton = await tabTo((f) => f.tag === 'BUTTON' && f.label === 'Reservar', 'Reservar', 10);
    assert.notEqual(atButton.outline, 'none');
    await page.keyboard.press('Enter');
    await statusSays(page, /Cita reservada: .* a las 09:30/);
    const [cita] = await citasOf(doctors.teclado);
    assert.equal(cita.fecha.slice(0, 16), `${fd.day}T09:30`);
    assert.equal(cita.id_paciente, patients.sol.id);
    await ctx.close();
  });



  it('a booking or a password change the API refuses leaves the keyboard focus in the form, next to the message', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dra. Foco Perdido', especialidad: 'Prótesis' });
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await openAgenda(page, doctor);
    await slot(page, '13:00').click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    assert.equal(await chosenHour(page), '13:00');
    await page.getByLabel('Paciente').fill('Mar Ort');
    await page.getByLabel('Paciente').press('Enter');
    await page.getByRole('radio', { name: /Mar Ortega/ }).waitFor();
    await page.getByLabel('Motivo', { exact: true }).fill('Revisión');
    const taken = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T13:00:00`, motivo: 'Antes', id_paciente: patients.luis.id, id_doctor: doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(taken.status, 201);
    await page.getByRole('button', { name: 'Reservar', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.locator('form.reserva .error').getByText(/La agenda se ha actualizado/).waitFor();
    await focusInside(page, 'form.reserva', 'the 409');

    await page.getByRole('link', { name: 'Contraseña' }).click();
    await page.getByLabel('Contraseña actual', { exact: true }).fill('no-es-la-clave');
    await page.getByLabel('Contraseña nueva', { exact: true }).fill('Nueva-Clave-2026-ok');
    await page.getByLabel('Repita la contraseña nueva').fill('Nueva-Clave-2026-ok');
    await page.getByRole('button', { name: 'Cambiar contraseña' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('form.contrasena [role=alert]').getByText(/./).waitFor(); // the form's line; the field says it too (form-messages.ts)
    await focusInside(page, 'form.contrasena', 'a wrong current password');
    await ctx.close();
  });

  it('a receptionist finds the caller by the phone the caller id shows, in one request however many patients the clinic has, and books for her', async () => {
    // More active patients than a page of 100 (the page asks 100 at a time), all sharing one phone.
    const stamp = Date.now().toString(36);
    const items = Array.from({ length: 110 }, (_, i) => ({
      nombre: `Rita Centralita ${String(i + 1).padStart(3, '0')}`,
      telefono: '622 000 111',
      username: `rita${stamp}${i}`,
      password: 'Sonrisa-2026-ok',
    }));
    const lote = await fd.sys.admin.post('/admin/pacientes/lote', { items }, fd.sys.adminToken);
    assert.equal(lote.body.created, 110, JSON.stringify(lote.body).slice(0, 300));
    const olga = await fd.sys.admin.post(
      '/admin/pacientes',
      { nombre: 'Olga Llamada', telefono: '+34 655 44 33 22', username: `olga${stamp}`, password: 'Sonrisa-2026-ok' },
      fd.sys.adminToken,
    );
    assert.equal(olga.status, 201);
    const doctor = await fd.sys.createDoctor({ nombre: 'Dr. Teléfono Rojo', especialidad: 'Cirugía oral' });

    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    const asked: URL[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.pathname === '/api/admin/admin/pacientes') asked.push(url);
    });
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await openAgenda(page, doctor);
    await slot(page, '11:00').click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();

    asked.length = 0;
    await page.getByLabel('Paciente').fill('+34 655-44-33-22');
    await page.getByLabel('Paciente').press('Enter');
    await page.getByRole('radio', { name: /Olga Llamada/ }).waitFor();
    assert.equal(await page.getByRole('radio', { name: /Olga Llamada/ }).isChecked(), true, 'the only match is chosen');
    assert.deepEqual(
      asked.map((u) => [u.searchParams.get('telefono'), u.searchParams.get('estado'), u.searchParams.get('page')]),
      [['34655443322', 'ACTIVO', '1']],
      'one request, filtered by the API, not every page of patients',
    );

    // A phone many patients share (a family, a school): the first page, and a word to narrow the search down.
    asked.length = 0;
    await page.getByLabel('Paciente').fill('622 000 111');
    await page.getByLabel('Paciente').press('Enter');
    await page.locator('.resultados').getByText(/110 pacientes coinciden/).waitFor();
    assert.equal(await page.locator('.resultados').getByRole('radio').count(), 20);
    assert.equal(asked.length, 1, asked.join(' '));

    await page.getByLabel('Paciente').fill('655 44 33 22');
    await page.getByLabel('Paciente').press('Enter');
    await page.getByRole('radio', { name: /Olga Llamada/ }).waitFor();
    await page.getByLabel('Motivo', { exact: true }).fill('Dolor de muela');
    await page.getByRole('button', { name: 'Reservar', exact: true }).click();
    await statusSays(page, /Cita reservada: .* a las 11:00/);
    const [cita] = (await fd.sys.citas.get(`/citas?id_doctor=${doctor.id}&fecha=${fd.day}`, fd.sys.adminToken)).body.items;
    assert.equal(cita.id_paciente, olga.body.id_paciente);
    await ctx.close();
  });

  it('a patient who confirms or cancels a cita from the keyboard in Mis citas keeps the focus on her citas', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dr. Foco Tarjeta', especialidad: 'Implantología' });
    const paciente = await fd.sys.createPatient({ nombre: 'Eva Tecla' });
    const booked = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T11:00:00`, motivo: 'Revisión de implante', id_paciente: paciente.id, id_doctor: doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(booked.status, 201);
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, paciente.username, paciente.password);
    await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    const card = page.locator('.cita-panel').filter({ hasText: 'Revisión de implante' });
    await card.getByRole('button', { name: 'Confirmar' }).focus();
    await page.keyboard.press('Enter');
    await card.locator('.estado', { hasText: 'Confirmada' }).waitFor();
    await focusInside(page, '#contenido', 'Confirmar');

    await card.getByRole('button', { name: 'Cancelar', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Motivo de cancelación').waitFor();
    await page.keyboard.type('Me mudo');
    await page.getByRole('button', { name: 'Confirmar cancelación' }).focus();
    await page.keyboard.press('Enter');
    await card.locator('.estado', { hasText: 'Cancelada' }).waitFor();
    await focusInside(page, '#contenido', 'Confirmar cancelación');
    await ctx.close();
  });

  it('a patient whose change of a cita meets a taken slot (409) reads why in Mis citas, and her cita stays as it was', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dra. Hueco Robado', especialidad: 'Cirugía oral' });
    const paciente = await fd.sys.createPatient({ nombre: 'Irene Cambia' });
    const otra = await fd.sys.createPatient({ nombre: 'Olga Primero' });
    const booked = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T11:00:00`, motivo: 'Extracción', id_paciente: paciente.id, id_doctor: doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(booked.status, 201);
    const ctx = await newContext(fd.browser, { width: 375, height: 740, mobile: true });
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, paciente.username, paciente.password);
    await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    const card = page.locator('.cita-panel').filter({ hasText: 'Extracción' });
    await card.getByRole('button', { name: 'Cambiar', exact: true }).click();
    await page.getByRole('heading', { name: 'Cambiar la cita' }).waitFor();
    await chosenHour(page);
    await page.getByLabel('Hora').selectOption('12:30');
    const taken = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T12:30:00`, motivo: 'Antes', id_paciente: otra.id, id_doctor: doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(taken.status, 201);
    await page.getByRole('button', { name: 'Guardar cambio' }).click();
    try {
      await page.locator('form.reserva .error').getByText(/La agenda se ha actualizado/).waitFor();
    } catch {
      const said = await page.locator('[role=status], [role=alert]').allInnerTexts();
      assert.fail(`the page never said why the change failed; it says: ${JSON.stringify(said.filter(Boolean))}`);
    }
    const now = (await fd.sys.citas.get(`/citas/${booked.body.id_cita}`, fd.sys.adminToken)).body;
    assert.equal(now.estado, 'Programada');
    assert.equal(now.id_cita_nueva, undefined);
    await ctx.close();
  });

  it('the agenda still shows the citas of a doctor who has been deactivated, in the day and the week view, so reception can move them', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dr. Pablo Sebaja', especialidad: 'Ortodoncia' });
    const paciente = await fd.sys.createPatient({ nombre: 'Rita Pendiente' });
    const booked = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T10:00:00`, motivo: 'Ajuste de brackets', id_paciente: paciente.id, id_doctor: doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(booked.status, 201);
    assert.equal((await fd.sys.admin.request('DELETE', `/admin/doctores/${doctor.id}`, undefined, fd.sys.adminToken)).status, 200);

    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, secretaria.username, secretaria.password);
    await page.getByRole('link', { name: 'Agenda' }).click();
    await page.getByLabel('Centro').selectOption(String(fd.center.id));
    await page.getByLabel('Doctor').selectOption('');
    await page.getByLabel('Fecha').fill(fd.day);
    const grid = page.getByRole('group', { name: `Agenda del ${dayWords(fd.day, fd.clock.now())}` });
    await grid.waitFor();
    assert.equal(await grid.getByRole('button', { name: /^Cita 10:00 .*Rita Pendiente/ }).count(), 1, 'the day view shows the cita');

    await page.getByRole('button', { name: 'Semana' }).click();
    const monday = addDays(fd.day, 1 - isoWeekday(parseLocalDate(fd.day)));
    await page.locator('.resumen', { hasText: `Semana del ${dayWords(monday, fd.clock.now())}` }).waitFor();
    assert.equal(await page.locator('.agenda-zona').getByRole('button', { name: /^Cita 10:00 .*Rita Pendiente/ }).count(), 1, 'the week view shows the cita');
    await ctx.close();
  });

  it('a secretaria, while RESERVA_SECRETARIA is off, is offered no way to book: no Reservar entry, no bookable free slot', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dra. Sin Reserva', especialidad: 'Higiene dental' });
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, secretaria.username, secretaria.password);
    await page.getByRole('link', { name: 'Agenda' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Reservar' }).count(), 0, 'the menu offers her Reservar, which the API refuses (403)');
    await page.getByLabel('Centro').selectOption(String(fd.center.id));
    await page.getByLabel('Doctor').selectOption(String(doctor.id));
    await page.getByLabel('Fecha').fill(fd.day);
    const column = page.getByRole('group', { name: `Agenda del ${dayWords(fd.day, fd.clock.now())}` }).getByRole('region', { name: /^Dra\. Sin Reserva/ });
    await column.getByText(/^Libre 10:00/).waitFor();
    assert.equal(await column.getByRole('button', { name: /^Libre / }).count(), 0, 'a free slot opens a booking form she cannot send');

    await page.getByRole('link', { name: 'Próximos huecos' }).click();
    await page.getByLabel('Especialidad').selectOption('Higiene dental');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page.getByRole('table').getByText('Dra. Sin Reserva').first().waitFor();
    assert.equal(await page.getByRole('button', { name: /^Reservar / }).count(), 0, 'each free slot offers Reservar');
    await ctx.close();
  });

  it('a patient on a 375 px phone books the next free slot of a specialty, cancels it, and finds her doctor\'s first free slot', async () => {
    const ctx = await newContext(fd.browser, { width: 375, height: 740, mobile: true });
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, patients.noa.username, patients.noa.password);
    await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    await page.getByText('No tiene citas próximas.').waitFor();
    await page.getByRole('button', { name: 'Reservar una cita' }).click();
    await page.getByLabel('Especialidad').selectOption('Periodoncia');
    await page.getByRole('button', { name: 'Buscar próximos huecos' }).click();
    const first = page.locator('button.hueco-proximo').first();
    await first.waitFor();
    assert.match((await first.textContent()) ?? '', /Dr\. Diego Soler/);
    await first.click();
    await page.getByLabel('Motivo', { exact: true }).fill('Me sangran las encías');
    assert.equal(await page.getByLabel('Paciente').inputValue(), 'Noa Benítez');
    await page.getByRole('button', { name: 'Reservar', exact: true }).click();
    await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    const card = page.locator('.cita-panel').filter({ hasText: 'Me sangran las encías' });
    await card.locator('.estado', { hasText: 'Programada' }).waitFor();
    const width = await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);
    assert.ok(width <= 375, `no sideways scrolling on a phone (scrollWidth ${width})`);
    await card.getByRole('button', { name: 'Cancelar', exact: true }).click();
    await page.getByLabel('Motivo de cancelación').fill('Ya no lo necesito');
    await page.getByRole('button', { name: 'Confirmar cancelación' }).click();
    await page.locator('.cita-panel').filter({ hasText: 'Me sangran las encías' }).locator('.estado', { hasText: 'Cancelada' }).waitFor();
    await page.getByText('No tiene citas próximas.').waitFor();

    // Booking again "with my doctor": the doctor of her latest cita, and that doctor's first free slot.
    await page.getByRole('link', { name: 'Reservar' }).click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.waitForFunction((id) => (globalThis as any).document.querySelector('select[name=id_doctor]')?.value === id, String(doctors.movil.id));
    await page.getByRole('button', { name: 'Primer hueco libre con este doctor' }).click();
    await page.getByText(/Primer hueco libre: /).waitFor();
    assert.match(await chosenHour(page), /^\d{2}:\d{2}$/);
    await ctx.close();
  });

  it('a patient never sees another patient\'s data, not even in a conflict', async () => {
    const zoe = await fd.sys.admin.post(
      '/admin/pacientes',
      { nombre: 'Zoe Privadísima', telefono: '699888777', username: `zoe${Date.now().toString(36)}`, password: 'Sonrisa-2026-ok' },
      fd.sys.adminToken,
    );
    assert.equal(zoe.status, 201);
    const zoeCita = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T09:00:00`, motivo: 'Secreto de Zoe', id_paciente: zoe.body.id_paciente, id_doctor: doctors.movil.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(zoeCita.status, 201);

    const ctx = await newContext(fd.browser, { width: 375, height: 740, mobile: true });
    const page = await ctx.newPage();
    const seen: string[] = [];
    page.on('response', (res) => {
      if (res.url().includes('/api/')) seen.push(res.url());
      void res.text().then((t) => seen.push(t), () => undefined);
    });
    await logIn(page, fd.web.url, patients.mar.username, patients.mar.password);
    await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Reservar' }).click();
    await page.getByLabel('Especialidad').selectOption('Periodoncia');
    await page.getByRole('button', { name: 'Buscar próximos huecos' }).click();
    const first = page.locator('button.hueco-proximo').first();
    await first.waitFor();
    await first.click();
    await page.getByLabel('Motivo', { exact: true }).fill('Revisión');
    const fecha = await page.getByLabel('Fecha').inputValue();
    const hora = await chosenHour(page);
    // Zoe takes that very slot first; Mar's booking then meets the 409.
    const taken = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fecha}T${hora}:00`, motivo: 'Secreto de Zoe 2', id_paciente: zoe.body.id_paciente, id_doctor: doctors.movil.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(taken.status, 201, JSON.stringify(taken.body));
    await page.getByRole('button', { name: 'Reservar', exact: true }).click();
    await page.locator('form.reserva .error').getByText(/La agenda se ha actualizado/).waitFor();
    await page.getByRole('link', { name: 'Mis citas' }).click();
    await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    await page.getByText('No tiene citas próximas.').waitFor();
    const text = await page.evaluate(() => (globalThis as any).document.documentElement.innerText as string);
    const html = await page.content();
    for (const secret of ['Zoe', 'Privadísima', '699888777', 'Secreto de Zoe']) {
      assert.ok(!text.includes(secret) && !html.includes(secret), `the page shows ${secret}`);
      assert.ok(!seen.some((s) => s.includes(secret)), `an answer to the page carried ${secret}`);
    }
    await ctx.close();
  });

  it('an admin pages through the patients and saves an edit with the keyboard without losing the focus', async () => {
    for (let i = 1; i <= 21; i += 1) await fd.sys.createPatient({ nombre: `Teo Listado ${String(i).padStart(2, '0')}` });
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await page.getByRole('link', { name: 'Pacientes' }).click();
    await page.getByRole('table').getByText(/página 1 de/).waitFor();
    await page.getByRole('button', { name: 'Página siguiente' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('table').getByText(/página 2 de/).waitFor();
    await focusInside(page, '[role=group][aria-label="Páginas"]', 'Página siguiente');

    await page.getByLabel('Buscar por nombre').fill('Teo Listado 07');
    await page.getByLabel('Buscar por nombre').press('Enter');
    await page.getByRole('table').getByText(/Pacientes: 1 /).waitFor();
    await page.getByRole('button', { name: 'Editar Teo Listado 07' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Teléfono', { exact: true }).fill('611222333');
    await page.getByRole('button', { name: 'Guardar', exact: true }).focus();
    await page.keyboard.press('Enter');
    await statusSays(page, /Cambios guardados/);
    // Stored as +34 and nine digits (admin's rule), shown grouped for reading (format.ts phone).
    await page.getByRole('table').getByText('+34 611 222 333').waitFor();
    await focusInside(page, 'table', 'Guardar');
    await ctx.close();
  });

  it('a cancellation the API refuses because the cita was cancelled from elsewhere (409) shows the API\'s words, the cita as it now is and the agenda without it', async () => {
    const { ctx, page, id, paciente } = await atTheDesk('Dr. Ismael Otero', 'Eva Desdecasa', '11:00', 'Extracción');
    await page.getByRole('button', { name: 'Cancelar', exact: true }).click();
    await page.getByLabel('Motivo de cancelación').fill('Llamó para anular');

    // Meanwhile the patient cancels it herself, from her phone.
    const elsewhere = await fd.sys.citas.put(`/citas/${id}`, { estado: 'Cancelada' }, await paciente.token());
    assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
    const refused = await fd.sys.citas.put(`/citas/${id}`, { estado: 'Cancelada', motivo_cancelacion: 'Llamó para anular' }, await secretaria.token());
    assert.equal(refused.status, 409);

    await page.getByRole('button', { name: 'Confirmar cancelación' }).click();
    await page.getByRole('alert').filter({ hasText: refused.body.detail }).first().waitFor();
    // The agenda and the panel show the cita as it now is: cancelled, its 11:00 free again, nothing left to press on it.
    await page.locator('.cita-panel .estado', { hasText: 'Cancelada' }).waitFor();
    await freeAt(page, '11:00').waitFor();
    assert.equal(await citaAt(page, '11:00').count(), 0, 'the cancelled cita is gone from the agenda');
    const panel = page.locator('.cita-panel');
    for (const name of ['Cancelar', 'Cambiar', 'Confirmar']) {
      assert.equal(await panel.getByRole('button', { name, exact: true }).count(), 0, `a cancelled cita offers no ${name}`);
    }
    await focusInside(page, '.cita-panel', 'a refused Confirmar cancelación');
    await ctx.close();
  });

  it('a change the API refuses because the cita was cancelled from elsewhere (409) is not taken for a taken slot: the API\'s words, the cita as it now is, no change form left asking for another hour', async () => {
    const { ctx, page, id, paciente } = await atTheDesk('Dra. Olga Cambia', 'Pío Anula', '09:00', 'Revisión');
    await page.getByRole('button', { name: 'Cambiar', exact: true }).click();
    await page.getByRole('heading', { name: 'Cambiar la cita' }).waitFor();
    await page.getByLabel('Hora').selectOption('12:30');

    // Meanwhile the patient cancels it herself, from her phone.
    const elsewhere = await fd.sys.citas.put(`/citas/${id}`, { estado: 'Cancelada' }, await paciente.token());
    assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
    const refused = await fd.sys.citas.put(`/citas/${id}`, { fecha: `${fd.day}T12:30:00` }, await secretaria.token());
    assert.equal(refused.status, 409);

    await page.getByRole('button', { name: 'Guardar cambio' }).click();
    const said = page.getByRole('alert').filter({ hasText: refused.body.detail }).first();
    await said.waitFor();
    assert.doesNotMatch(await said.innerText(), /elija otro hueco/, 'the slot was free: it is the cita that changed');
    await page.locator('.cita-panel .estado', { hasText: 'Cancelada' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Cambiar la cita' }).count(), 0, 'no change form left for a cancelled cita');
    assert.equal(await page.locator('.cita-panel').getByRole('button', { name: 'Cambiar', exact: true }).count(), 0);
    await freeAt(page, '09:00').waitFor();
    await focusInside(page, '.cita-panel', 'a refused Guardar cambio');
    await ctx.close();
  });

  it('a doctor sees their day and marks a confirmed cita Atendida once it has started', async () => {
    const booked = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T09:00:00`, motivo: 'Empaste', id_paciente: patients.luis.id, id_doctor: doctors.medico.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(booked.status, 201);
    assert.equal((await fd.sys.citas.put(`/citas/${booked.body.id_cita}`, { estado: 'Confirmada' }, fd.sys.adminToken)).status, 200);
    fd.clock.set(instantAt(parseLocalDate(fd.day), '09:10', ZONE)!);

    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, doctors.medico.username, doctors.medico.password);
    await page.getByRole('heading', { name: 'Mi agenda' }).waitFor();
    assert.equal(await page.getByLabel('Fecha').inputValue(), fd.day, 'the doctor\'s day is the clinic\'s today');
    await citaAt(page, '09:00').click();
    assert.equal(await page.getByRole('button', { name: 'Cancelar', exact: true }).count(), 0, 'a doctor is not offered Cancelar');
    await page.getByRole('button', { name: 'Atendida' }).click();
    await page.locator('.cita-panel .estado', { hasText: 'Atendida' }).waitFor();
    await page.getByRole('button', { name: 'Historial' }).click();
    await page.getByRole('region', { name: 'Historial de la cita' }).getByText('Atendida').waitFor();
    assert.equal((await fd.sys.citas.get(`/citas/${booked.body.id_cita}`, fd.sys.adminToken)).body.estado, 'Atendida');

    await page.getByRole('link', { name: 'Mis ausencias' }).click();
    await page.getByRole('heading', { name: 'Mis ausencias', level: 2 }).waitFor();
    await ctx.close();
  });

  it('a doctor is offered Atendida and No asistió on a confirmed cita only once it has started', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dra. Reloj Puntual', especialidad: 'Radiología dental' });
    const booked = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T10:30:00`, motivo: 'Radiografía', id_paciente: patients.mar.id, id_doctor: doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    assert.equal((await fd.sys.citas.put(`/citas/${booked.body.id_cita}`, { estado: 'Confirmada' }, fd.sys.adminToken)).status, 200);
    fd.clock.set(instantAt(parseLocalDate(fd.day), '10:20', ZONE)!);

    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, doctor.username, doctor.password);
    await citaAt(page, '10:30').click();
    const panel = page.locator('.cita-panel');
    await panel.getByRole('button', { name: 'Historial' }).waitFor();
    for (const name of ['Atendida', 'No asistió']) {
      assert.equal(await panel.getByRole('button', { name }).count(), 0, `ten minutes before the cita the doctor is offered ${name}, which the API refuses`);
    }

    fd.clock.set(instantAt(parseLocalDate(fd.day), '10:35', ZONE)!);
    await page.reload();
    await citaAt(page, '10:30').click();
    await panel.getByRole('button', { name: 'Atendida' }).waitFor();
    await panel.getByRole('button', { name: 'No asistió' }).waitFor();
    await ctx.close();
  });

  it('a patient is offered neither Cancelar nor Cambiar once her cita has started, and finds it among the past ones, even if her computer\'s clock is wrong', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dr. Tic Tac', especialidad: 'Endodoncia' });
    const paciente = await fd.sys.createPatient({ nombre: 'Berta Empezada' });
    const booked = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T11:30:00`, motivo: 'Endodoncia molar', id_paciente: paciente.id, id_doctor: doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const serverNow = instantAt(parseLocalDate(fd.day), '11:20', ZONE)!;
    fd.clock.set(serverNow);

    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    // The front desk PC's own clock is three hours behind the clinic's: the page must not believe it.
    await page.clock.install({ time: new Date(serverNow.getTime() - 3 * 3600 * 1000) });
    await logIn(page, fd.web.url, paciente.username, paciente.password);
    await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    const proximas = page.getByRole('region', { name: 'Próximas' });
    const pasadas = page.getByRole('region', { name: 'Anteriores y canceladas' });
    const card = (where: typeof proximas) => where.locator('.cita-panel').filter({ hasText: 'Endodoncia molar' });
    await card(proximas).getByRole('button', { name: 'Cancelar', exact: true }).waitFor();
    await card(proximas).getByRole('button', { name: 'Cambiar', exact: true }).waitFor();

    // Fifteen minutes go by with the page open (the clinic's clock and the browser's alike): the cita has started.
    fd.clock.set(new Date(serverNow.getTime() + 15 * 60 * 1000));
    await page.clock.fastForward('15:00');
    await page.getByRole('link', { name: 'Reservar' }).click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.getByRole('link', { name: 'Mis citas' }).click();
    await page.locator('.cita-panel').filter({ hasText: 'Endodoncia molar' }).getByRole('button', { name: 'Historial' }).waitFor();
    assert.equal(await card(proximas).count(), 0, 'a cita that started after she logged in is still under Próximas');
    assert.equal(await card(pasadas).count(), 1);
    for (const name of ['Cancelar', 'Cambiar']) {
      assert.equal(await card(pasadas).getByRole('button', { name, exact: true }).count(), 0, `a started cita offers ${name}, which the API refuses (409 CITA_PASADA)`);
    }

    await page.reload();
    await card(pasadas).getByRole('button', { name: 'Historial' }).waitFor();
    for (const name of ['Cancelar', 'Cambiar']) {
      assert.equal(await card(pasadas).getByRole('button', { name, exact: true }).count(), 0, `after a reload a started cita offers ${name}`);
    }
    await ctx.close();
  });

  it('with admin down the page says so plainly, and recovers with "Reintentar" once it is back', async () => {
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await openAgenda(page, doctors.libros);
    await fd.sys.stopAdmin();
    try {
      await page.getByRole('button', { name: 'Siguiente' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Servicio no disponible' });
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', /no responde|no está disponible/);
      assert.ok((await page.getByRole('button', { name: 'Salir' }).isVisible()), 'not a blank page: the shell stays');
    } finally {
      await fd.sys.startAdminAgain();
    }
    await page.getByRole('button', { name: 'Reintentar' }).click();
    await page.getByRole('group', { name: /Agenda del / }).waitFor({ timeout: WAIT_MS });
    assert.equal(await page.getByRole('alert').filter({ hasText: 'Servicio no disponible' }).count(), 0);
    await ctx.close();
  });

  it('an expired session sends the person back to the login form with the reason', async () => {
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, secretaria.username, secretaria.password);
    await page.getByRole('link', { name: 'Pacientes' }).click();
    await page.getByRole('table').waitFor();
    fd.clock.set(new Date(fd.clock.now().getTime() + 8 * 24 * 3600 * 1000));
    // Navigate without clicking the menu: a request still in flight may already have found the session gone
    // and replaced the menu with the login form, which is the behaviour under test.
    await page.evaluate(() => {
      (globalThis as any).location.hash = '#/doctores';
    });
    await page.getByText(/Su sesión ha caducado/).waitFor();
    await page.getByLabel('Usuario').waitFor();
    await ctx.close();
  });

  it('a person changes their password and logs in with the new one', async (t) => {
    const probe = await fd.sys.admin.post('/auth/password', { password_actual: 'x', password_nueva: 'y' }, await patients.sol.token());
    if (probe.status === 404) {
      t.skip('admin answers 404 for POST /auth/password: that endpoint arrives with branch accounts');
      return;
    }
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, patients.sol.username, patients.sol.password);
    await page.getByRole('link', { name: 'Contraseña' }).click();
    await page.getByLabel('Contraseña actual', { exact: true }).fill(patients.sol.password);
    await page.getByLabel('Contraseña nueva', { exact: true }).fill('Nueva-Clave-2026-ok');
    await page.getByLabel('Repita la contraseña nueva').fill('Nueva-Clave-2026-ok');
    await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
    await statusSays(page, /Contraseña cambiada/);
    await page.getByRole('button', { name: 'Salir' }).click();
    await page.getByText('Ha cerrado la sesión.').waitFor();
    await logIn(page, fd.web.url, patients.sol.username, 'Nueva-Clave-2026-ok');
    await ctx.close();
  });
});
