import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { citaAt, openAgenda, openAtTheDesk, slot } from '../support/agenda-page';
import { axeViolations } from '../support/axe';
import { browserSkipReason, focusInside, loggedIn, newContext, statusSays, WAIT_MS } from '../support/browser';
import type { Account, DoctorAccount, PatientAccount } from '../support/citas';
import { addDays } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * The front desk audited by axe-core (its WCAG 2.0 and 2.1 A and AA rules,
 * test/support/axe.ts) on each main screen, as each role that uses it sees
 * it, with what the screen shows at its fullest: a cita's panel open, a
 * form with the API's messages under its fields, a service that does not
 * answer. Each test audits all of its role's screens, then lists every
 * violation found on any of them. Then what axe cannot see, from the
 * keyboard: where the focus goes after a booking, after the browser's own
 * confirmation dialog, and when what a button opened is closed (Escape,
 * Volver, Cerrar). Real headless Chromium on the real services, on one
 * FixedClock; nothing sleeps: each screen is audited once what its user
 * would see is on it.
 */
const skip = browserSkipReason();

describe('front desk accessibility (axe-core, WCAG 2.1 AA)', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Accesible',
    doctor: { nombre: 'Dra. Alba Contraste', especialidad: 'Ortodoncia' },
    patient: 'Leo Etiqueta',
  });
  let secretaria: Account;
  /** Keyboard tests: a doctor of a specialty of his own (his free slots are the next ones of it) and a patient of her own. */
  let teclado: DoctorAccount;
  let tere: PatientAccount;

  before(async () => {
    secretaria = await fd.sys.createSecretaria();
    teclado = await fd.sys.createDoctor({ nombre: 'Dr. Tomás Teclado', especialidad: 'Prótesis dental' });
    tere = await fd.sys.createPatient({ nombre: 'Tere Teclado' });
    const horario = await fd.sys.citas.put(
      `/agenda/${fd.doctor.id}/horario`,
      { id_centro: fd.center.id, franjas: [1, 2, 3, 4, 5].map((dia) => ({ dia, desde: '09:00', hasta: '14:00' })), duracion_cita_min: 30 },
      fd.sys.adminToken,
    );
    assert.equal(horario.status, 200, JSON.stringify(horario.body));
    const ausencia = await fd.sys.citas.post(
      `/agenda/${fd.doctor.id}/ausencias`,
      { desde: `${addDays(fd.day, 14)}T09:00:00`, hasta: `${addDays(fd.day, 14)}T14:00:00`, motivo: 'Congreso' },
      fd.sys.adminToken,
    );
    assert.equal(ausencia.status, 201, JSON.stringify(ausencia.body));
    // The patient's day with the doctor: one cita as booked, one confirmed, one she cancelled.
    for (const [time, estado] of [['09:00', undefined], ['10:00', 'Confirmada'], ['11:00', 'Cancelada']] as const) {
      const booked = await fd.sys.citas.post(
        '/citas',
        { fecha: `${fd.day}T${time}:00`, motivo: `Revisión de las ${time}`, id_paciente: fd.patient.id, id_doctor: fd.doctor.id, id_centro: fd.center.id },
        fd.sys.adminToken,
      );
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      if (estado) assert.equal((await fd.sys.citas.put(`/citas/${booked.body.id_cita}`, { estado }, fd.sys.adminToken)).status, 200);
    }
  });

  /** The agenda's week view, once its grid is drawn. */
  async function weekView(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Semana' }).click();
    await page.locator('.resumen', { hasText: /^Semana del / }).waitFor();
    await page.getByRole('group', { name: /^Semana de / }).first().waitFor();
  }

  /** A directory's list, once its table is drawn. */
  async function directory(page: Page, title: 'Pacientes' | 'Doctores' | 'Centros'): Promise<void> {
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('table').getByText(new RegExp(`^${title}: \\d+ \\(página 1 de`)).waitFor();
  }

  /**
   * The booking form once what it reads from the APIs is in it: the doctors, then Hora's free slots (or, with no
   * doctor chosen yet, its request to choose one).
   */
  async function bookingFormReady(page: Page): Promise<void> {
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.waitForFunction(
      () => {
        const form = (globalThis as any).document.querySelector('form.reserva');
        const hora = form?.querySelector('select[name=hora]');
        return form?.querySelector('select[name=id_doctor]')?.options.length > 1 && hora && !/Leyendo/.test(hora.options[0]?.textContent ?? '');
      },
      undefined,
      { timeout: WAIT_MS },
    );
  }

  it('the login form, as it opens and with a refused password', async () => {
    const found: string[] = [];
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await page.goto(fd.web.url);
    await page.getByLabel('Usuario').waitFor();
    found.push(...(await axeViolations(page, 'login')));
    await page.getByLabel('Usuario').fill(secretaria.username);
    await page.getByLabel('Contraseña', { exact: true }).fill('no-es-la-clave');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('alert').getByText(/\S/).waitFor();
    found.push(...(await axeViolations(page, 'login, refused')));
    await ctx.close();
    assert.deepEqual(found, []);
  });

  it("a receptionist's screens: agenda day and week, a cita's panel, Cancelar and Historial, Próximos huecos, Por confirmar, Horarios y ausencias, the directories", async () => {
    const found: string[] = [];
    const { ctx, page } = await openAtTheDesk(fd, fd.browser, { center: fd.center, day: fd.day, as: secretaria }, { doctor: 'Dr. Íñigo Foco', patient: 'Ana Lectora', time: '12:00', motivo: 'Empaste' });
    found.push(...(await axeViolations(page, 'agenda, day, a cita panel open (secretaria)')));
    const panel = page.locator('.cita-panel');
    await panel.getByRole('button', { name: 'Cancelar', exact: true }).click();
    await page.getByLabel('Motivo de cancelación').waitFor();
    found.push(...(await axeViolations(page, 'cita panel, Cancelar (secretaria)')));
    await panel.getByRole('button', { name: 'Historial' }).click();
    await page.getByRole('region', { name: 'Historial de la cita' }).getByText('Reservada').waitFor();
    found.push(...(await axeViolations(page, 'cita panel, Historial (secretaria)')));

    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await citaAt(page, '10:00').waitFor();
    found.push(...(await axeViolations(page, 'agenda, day (secretaria)')));
    await page.getByLabel('Mostrar canceladas').check();
    await citaAt(page, '11:00').waitFor();
    found.push(...(await axeViolations(page, 'agenda, day, Mostrar canceladas (secretaria)')));
    await weekView(page);
    found.push(...(await axeViolations(page, 'agenda, week (secretaria)')));

    await page.getByRole('link', { name: 'Próximos huecos' }).click();
    await page.getByLabel('Especialidad').selectOption('Ortodoncia');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page.getByRole('table').getByText('Dra. Alba Contraste').first().waitFor();
    found.push(...(await axeViolations(page, 'próximos huecos (secretaria)')));

    // The suite's day is the next weekday, Por confirmar's own: its 09:00 cita is still Programada.
    await page.getByRole('link', { name: 'Por confirmar' }).click();
    await page.getByRole('table').getByText(/^Por confirmar el /).waitFor();
    found.push(...(await axeViolations(page, 'por confirmar (secretaria)')));

    await page.getByRole('link', { name: 'Horarios y ausencias' }).click();
    await page.getByRole('heading', { level: 1, name: 'Horarios y ausencias' }).waitFor();
    await page.getByLabel('Doctor').selectOption(String(fd.doctor.id));
    await page.getByRole('cell', { name: 'Clínica Accesible' }).waitFor();
    await page.locator('ul.ausencias').getByText('Congreso').waitFor();
    found.push(...(await axeViolations(page, 'horarios y ausencias (secretaria)')));

    for (const title of ['Pacientes', 'Doctores', 'Centros'] as const) {
      await directory(page, title);
      found.push(...(await axeViolations(page, `${title.toLowerCase()} (secretaria)`)));
    }
    await page.getByRole('link', { name: 'Contraseña' }).click();
    await page.getByLabel('Contraseña actual').waitFor();
    found.push(...(await axeViolations(page, 'contraseña (secretaria)')));
    await ctx.close();
    assert.deepEqual(found, []);
  });

  it("an admin's screens: the booking form and its patient search, the Reservar page, the directories' editors, Usuarios and its forms, a 422 under its fields, a 503", async () => {
    const found: string[] = [];
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await slot(page, '12:00').click();
    await bookingFormReady(page);
    found.push(...(await axeViolations(page, 'booking form (admin)')));
    await page.getByLabel('Paciente').fill('Leo');
    await page.getByLabel('Paciente').press('Enter');
    await page.getByRole('radio', { name: /Leo Etiqueta/ }).waitFor();
    found.push(...(await axeViolations(page, 'booking form, a patient found (admin)')));
    await page.getByLabel('Paciente').fill('Nadie Existe');
    await page.getByLabel('Paciente').press('Enter');
    await page.getByRole('button', { name: 'Nuevo paciente' }).click();
    await page.getByLabel('Usuario del paciente').waitFor();
    found.push(...(await axeViolations(page, 'booking form, Nuevo paciente (admin)')));

    await page.getByRole('link', { name: 'Reservar' }).click();
    await bookingFormReady(page);
    await page.getByLabel('Especialidad').selectOption('Ortodoncia');
    await page.getByRole('button', { name: 'Buscar próximos huecos' }).click();
    await page.locator('button.hueco-proximo').first().waitFor();
    found.push(...(await axeViolations(page, 'reservar, next free slots (admin)')));

    await directory(page, 'Pacientes');
    await page.getByRole('button', { name: 'Nuevo paciente' }).click();
    const ficha = page.locator('form.ficha');
    await ficha.getByLabel('Nombre').fill('Inés Contraste');
    await ficha.getByLabel('Teléfono').fill('633445566');
    await ficha.getByLabel('Usuario').fill('ab');
    await ficha.getByLabel('Contraseña inicial').fill('corta');
    found.push(...(await axeViolations(page, 'patient editor, new (admin)')));
    await ficha.getByRole('button', { name: 'Guardar', exact: true }).click();
    await ficha.locator('.campo-error').nth(1).waitFor();
    found.push(...(await axeViolations(page, 'patient editor, refused field by field: 422 (admin)')));
    await directory(page, 'Doctores');
    await page.getByRole('button', { name: 'Editar Dra. Alba Contraste' }).click();
    await page.getByRole('heading', { name: 'Editar Dra. Alba Contraste' }).waitFor();
    found.push(...(await axeViolations(page, 'doctor editor (admin)')));
    await directory(page, 'Centros');
    await page.getByRole('button', { name: 'Editar Clínica Accesible' }).click();
    await page.getByRole('heading', { name: 'Editar Clínica Accesible' }).waitFor();
    found.push(...(await axeViolations(page, 'center editor (admin)')));
    await page.getByRole('link', { name: 'Usuarios' }).click();
    await page.getByRole('table').getByText(/^Usuarios: \d+ \(página 1 de/).waitFor();
    found.push(...(await axeViolations(page, 'Usuarios (admin)')));
    await page.getByRole('button', { name: 'Nuevo usuario' }).click();
    await page.getByRole('heading', { name: 'Nuevo usuario' }).waitFor();
    found.push(...(await axeViolations(page, 'Usuarios, Nuevo usuario (admin)')));
    await page.getByRole('button', { name: `Restablecer contraseña de ${secretaria.username}` }).click();
    await page.getByLabel('Contraseña nueva').waitFor();
    found.push(...(await axeViolations(page, 'Usuarios, Restablecer contraseña (admin)')));

    // Admin stops answering as she books: citas cannot check the patient and answers 503.
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await slot(page, '13:00').click();
    await bookingFormReady(page);
    await page.getByLabel('Paciente').fill('Leo');
    await page.getByLabel('Paciente').press('Enter');
    await page.getByRole('radio', { name: /Leo Etiqueta/ }).waitFor();
    await page.getByLabel('Motivo', { exact: true }).fill('Limpieza');
    await fd.sys.stopAdmin();
    try {
      await page.getByRole('button', { name: 'Reservar', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'Servicio no disponible' }).getByRole('button', { name: 'Reintentar' }).waitFor();
      await page.locator('form.reserva > p.error').getByText(/aviso de arriba/).waitFor();
      found.push(...(await axeViolations(page, 'a 503: the notice and the form line (admin)')));
    } finally {
      await fd.sys.startAdminAgain();
    }
    await ctx.close();
    assert.deepEqual(found, []);
  });

  it("a doctor's screens: Mi agenda day and week, a cita's panel, Mis ausencias", async () => {
    const found: string[] = [];
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.doctor);
    await page.getByRole('heading', { name: 'Mi agenda' }).waitFor();
    await page.getByLabel('Fecha').fill(fd.day);
    await citaAt(page, '10:00').waitFor();
    found.push(...(await axeViolations(page, 'mi agenda, day (medico)')));
    await citaAt(page, '10:00').click();
    await page.getByRole('group', { name: 'Acciones de la cita' }).waitFor();
    found.push(...(await axeViolations(page, 'mi agenda, a cita panel open (medico)')));
    await weekView(page);
    found.push(...(await axeViolations(page, 'mi agenda, week (medico)')));
    await page.getByRole('link', { name: 'Mis ausencias' }).click();
    await page.locator('ul.ausencias').getByText('Congreso').waitFor();
    found.push(...(await axeViolations(page, 'mis ausencias (medico)')));
    await ctx.close();
    assert.deepEqual(found, []);
  });

  it("a patient's screens on a 375 px phone: Mis citas, Cambiar, Reservar with the next free slots", async () => {
    const found: string[] = [];
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.patient, { width: 375, height: 740, mobile: true });
    await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    const proxima = page.getByRole('region', { name: 'Próximas' }).locator('.cita-panel').filter({ hasText: 'Revisión de las 09:00' });
    await proxima.waitFor();
    await page.getByRole('region', { name: 'Anteriores y canceladas' }).locator('.cita-panel').filter({ hasText: 'Revisión de las 11:00' }).waitFor();
    found.push(...(await axeViolations(page, 'mis citas (paciente)')));
    await proxima.getByRole('button', { name: 'Cambiar', exact: true }).click();
    await page.getByRole('heading', { name: 'Cambiar la cita' }).waitFor();
    await page.waitForFunction(() => (globalThis as any).document.querySelector('form.reserva select[name=hora]')?.options.length > 1, undefined, { timeout: WAIT_MS });
    found.push(...(await axeViolations(page, 'mis citas, Cambiar (paciente)')));
    await page.getByRole('link', { name: 'Reservar' }).click();
    await bookingFormReady(page);
    await page.getByLabel('Especialidad').selectOption('Ortodoncia');
    await page.getByRole('button', { name: 'Buscar próximos huecos' }).click();
    await page.locator('button.hueco-proximo').first().waitFor();
    found.push(...(await axeViolations(page, 'reservar, next free slots (paciente)')));
    await ctx.close();
    assert.deepEqual(found, []);
  });

  /** The text of the element the keyboard focus is on. */
  const focusedText = (page: Page): Promise<string> => page.evaluate(() => ((globalThis as any).document.activeElement?.textContent ?? '').trim());

  /** Presses `button` from the keyboard: the focus on it, then Enter. */
  async function pressEnter(page: Page, button: Locator): Promise<void> {
    await button.focus();
    await page.keyboard.press('Enter');
  }

  /** In a booking form on screen, the patient found by `name` and a Motivo, then Reservar pressed from the keyboard. */
  async function bookFromTheKeyboard(page: Page, motivo: string, paciente?: string): Promise<void> {
    if (paciente) {
      await page.getByLabel('Paciente').fill(paciente);
      await page.getByLabel('Paciente').press('Enter');
      await page.getByRole('radio', { name: new RegExp(paciente) }).waitFor();
    }
    await page.getByLabel('Motivo', { exact: true }).fill(motivo);
    await pressEnter(page, page.getByRole('button', { name: 'Reservar', exact: true }));
    await statusSays(page, /Cita reservada/);
  }

  it('after a booking the focus is on the panel of the cita booked, in the agenda, whether booked from a free slot or from the Reservar page', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await openAgenda(page, fd.center.id, teclado, fd.day);
    await pressEnter(page, slot(page, '12:30'));
    await bookingFormReady(page);
    await bookFromTheKeyboard(page, 'Corona desde la agenda', 'Tere');
    await page.locator('.cita-panel', { hasText: 'Corona desde la agenda' }).waitFor();
    await focusInside(page, '.cita-panel', 'Reservar, from a free slot of the agenda');

    await page.getByRole('link', { name: 'Reservar' }).click();
    await page.getByLabel('Especialidad').selectOption('Prótesis dental');
    await page.getByRole('button', { name: 'Buscar próximos huecos' }).click();
    await page.locator('button.hueco-proximo').first().click();
    await bookFromTheKeyboard(page, 'Corona desde Reservar', 'Tere');
    await page.locator('.cita-panel', { hasText: 'Corona desde Reservar' }).waitFor();
    await focusInside(page, '.cita-panel', 'Reservar, from the Reservar page (the agenda opens with the cita booked)');
    await ctx.close();
  });

  it("after a patient's booking the focus is on the card of the cita booked, in Mis citas", async () => {
    const patient = await loggedIn(fd.browser, fd.web.url, tere, { width: 375, height: 740, mobile: true });
    await patient.page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    await patient.page.getByRole('link', { name: 'Reservar' }).click();
    await patient.page.getByLabel('Especialidad').selectOption('Prótesis dental');
    await patient.page.getByRole('button', { name: 'Buscar próximos huecos' }).click();
    await patient.page.locator('button.hueco-proximo').first().click();
    await bookFromTheKeyboard(patient.page, 'Corona desde el móvil');
    const card = patient.page.locator('.cita-panel', { hasText: 'Corona desde el móvil' });
    await card.waitFor();
    await focusInside(patient.page, `[data-cita="${await card.getAttribute('data-cita')}"]`, "a patient's Reservar (Mis citas opens with the cita booked)");
    await patient.ctx.close();
  });

  it('Dar de baja asks in place, in words, as Cancelar and Borrar do (never the browser\'s own dialog): Volver and Escape keep the patient and the focus on Dar de baja, Confirmar baja deactivates her and the focus goes to her row', async () => {
    const baja = await fd.sys.createPatient({ nombre: 'Zoe Debaja' });
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole('link', { name: 'Pacientes' }).click();
    await page.getByLabel('Buscar por nombre').fill(baja.nombre);
    await page.getByLabel('Buscar por nombre').press('Enter');
    const row = `tr[data-id="${baja.id}"]`;
    await page.locator(row).waitFor();
    const darDeBaja = page.getByRole('button', { name: `Dar de baja ${baja.nombre}` });
    const asking = page.getByRole('form', { name: `Dar de baja a ${baja.nombre}` });

    await pressEnter(page, darDeBaja);
    await asking.getByText(`¿Dar de baja a ${baja.nombre}? Su historial se conserva.`).waitFor();
    await focusInside(page, `form[aria-label="Dar de baja a ${baja.nombre}"]`, 'Dar de baja opened');
    await page.keyboard.press('Escape');
    await asking.waitFor({ state: 'detached' });
    await focusInside(page, `${row} button.peligro`, 'Dar de baja, Escape');

    await pressEnter(page, darDeBaja);
    await pressEnter(page, asking.getByRole('button', { name: 'Volver' }));
    await asking.waitFor({ state: 'detached' });
    await focusInside(page, `${row} button.peligro`, 'Dar de baja, Volver');
    assert.equal((await fd.sys.admin.get(`/admin/pacientes/${baja.id}`, fd.sys.adminToken)).body.estado, 'ACTIVO', 'Volver and Escape keep her');

    await pressEnter(page, darDeBaja);
    await pressEnter(page, asking.getByRole('button', { name: 'Confirmar baja' }));
    await statusSays(page, /Zoe Debaja: dado de baja/);
    await focusInside(page, row, 'Confirmar baja');
    assert.equal((await fd.sys.admin.get(`/admin/pacientes/${baja.id}`, fd.sys.adminToken)).body.estado, 'INACTIVO');
    assert.deepEqual(dialogs, [], "the browser's own dialog, in its own language, was shown");
    await ctx.close();
  });

  it('Escape closes what a button opened (Cancelar\'s form, Cambiar\'s, a ficha) and gives the focus back to that button, as Volver and Cerrar do', async () => {
    const { ctx, page } = await openAtTheDesk(fd, fd.browser, { center: fd.center, day: fd.day, as: secretaria }, { doctor: 'Dra. Elsa Escape', patient: 'Iván Vuelta', time: '09:30', motivo: 'Revisión' });
    const acciones = page.getByRole('group', { name: 'Acciones de la cita' });
    const motivoCancelacion = page.getByLabel('Motivo de cancelación');
    for (const how of ['Volver', 'Escape'] as const) {
      await pressEnter(page, acciones.getByRole('button', { name: 'Cancelar', exact: true }));
      await focusInside(page, '.cita-panel form.cancelar', 'Cancelar');
      if (how === 'Volver') await pressEnter(page, page.getByRole('button', { name: 'Volver' }));
      else await page.keyboard.press('Escape');
      await motivoCancelacion.waitFor({ state: 'detached' });
      await focusInside(page, '.cita-panel [role=group]', `${how} on Cancelar's form`);
      assert.equal(await focusedText(page), 'Cancelar', `${how} on Cancelar's form gives the focus back to Cancelar`);
    }
    await pressEnter(page, acciones.getByRole('button', { name: 'Cambiar', exact: true }));
    await page.getByRole('heading', { name: 'Cambiar la cita' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Cambiar la cita' }).waitFor({ state: 'detached' });
    await focusInside(page, '.cita-panel [role=group]', "Escape on Cambiar's form");
    assert.equal(await focusedText(page), 'Cambiar', "Escape on Cambiar's form gives the focus back to Cambiar");
    await ctx.close();

    const admin = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await directory(admin.page, 'Pacientes');
    const ficha = admin.page.locator('form.ficha');
    await pressEnter(admin.page, admin.page.getByRole('button', { name: 'Nuevo paciente' }));
    await ficha.getByLabel('Nombre').focus();
    await admin.page.keyboard.press('Escape');
    await ficha.waitFor({ state: 'detached' });
    assert.equal(await focusedText(admin.page), 'Nuevo paciente', 'Escape on a new ficha gives the focus back to Nuevo paciente');
    await admin.page.getByLabel('Buscar por nombre').fill(tere.nombre);
    await admin.page.getByLabel('Buscar por nombre').press('Enter');
    await pressEnter(admin.page, admin.page.getByRole('button', { name: `Editar ${tere.nombre}` }));
    await ficha.getByLabel('Teléfono').focus();
    await admin.page.keyboard.press('Escape');
    await ficha.waitFor({ state: 'detached' });
    await focusInside(admin.page, `tr[data-id="${tere.id}"]`, "Escape on a patient's ficha");
    assert.equal(await focusedText(admin.page), 'Editar', "Escape on a patient's ficha gives the focus back to its row's Editar");
    await admin.ctx.close();
  });
});
