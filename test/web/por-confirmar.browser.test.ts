import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { clinicDateOf, DEFAULT_CLINIC_TIME_ZONE, isoWeekday, parseLocalDate } from '../../core/domain/clinic-time';
import { TEST_ADMIN } from '../support/admin';
import { axeViolations } from '../support/axe';
import { browserSkipReason, focusInside, loggedIn, statusSays } from '../support/browser';
import type { Account, CenterRecord, DoctorAccount, PatientAccount } from '../support/citas';
import { addDays, dayWords } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * The receptionist's afternoon calls: Por confirmar lists the citas of the
 * clinic's next working day still Programada, by hour, with the patient's
 * name and phone, doctor, center and motivo, every center and doctor on one
 * list; Confirmar on a row confirms it there, and a row opens its cita in
 * the agenda. On a Friday the next working day is Monday. Real headless
 * Chromium on the real services, on one FixedClock set to a weekday
 * afternoon; nothing sleeps.
 */
const skip = browserSkipReason();

/** The first `weekday` (1 = Monday) after the clinic's today, by the desk's clock. */
function nextWeekdayOf(now: Date, weekday: number): string {
  let day = clinicDateOf(now, DEFAULT_CLINIC_TIME_ZONE);
  do day = addDays(day, 1);
  while (isoWeekday(parseLocalDate(day)) !== weekday);
  return day;
}

describe('Por confirmar: the next day\'s unconfirmed citas, to phone', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Llamadas',
    doctor: { nombre: 'Dra. Paula Confirma', especialidad: 'Ortodoncia' },
    patient: 'Rosa Pendiente',
  });
  let secretaria: Account;
  let otro: DoctorAccount;
  let ana: PatientAccount;
  let wednesday: string;
  let norte: CenterRecord;
  /** 16:00 (17:00 in summer) in Madrid: the afternoon of `day`, when she phones. */
  const afternoonOf = (day: string) => `${day}T15:00:00Z`;

  async function book(day: string, time: string, motivo: string, patient: PatientAccount, doctor: DoctorAccount, estado?: string, idCentro = fd.center.id): Promise<void> {
    const res = await fd.sys.citas.post(
      '/citas',
      { fecha: `${day}T${time}:00`, motivo, id_paciente: patient.id, id_doctor: doctor.id, id_centro: idCentro },
      fd.sys.adminToken,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    if (estado) assert.equal((await fd.sys.citas.put(`/citas/${res.body.id_cita}`, { estado }, fd.sys.adminToken)).status, 200);
  }

  /** How many lines the phone number ("+34 …") in `where` is drawn on. */
  const phoneLines = (where: Locator): Promise<number> =>
    where.evaluate((el) => {
      const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf('+34');
        if (at < 0) continue;
        const range = el.ownerDocument.createRange();
        range.setStart(node, at);
        range.setEnd(node, node.textContent!.length);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      }
      return 0;
    });

  async function openPorConfirmar(page: Page): Promise<void> {
    await page.getByRole('link', { name: 'Por confirmar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Citas por confirmar' }).waitFor();
  }

  before(async () => {
    secretaria = await fd.sys.createSecretaria();
    otro = await fd.sys.createDoctor({ nombre: 'Dr. Luis Llama', especialidad: 'Endodoncia' });
    ana = await fd.sys.createPatient({ nombre: 'Ana Llamada' });
    const phone = await fd.sys.admin.request('PATCH', `/admin/pacientes/${ana.id}`, { telefono: '+34612345678' }, fd.sys.adminToken);
    assert.equal(phone.status, 200, JSON.stringify(phone.body));
    wednesday = nextWeekdayOf(fd.clock.now(), 3);
    norte = await fd.sys.createCenter({ nombre: 'Clínica Norte' });
  });

  it("on a Wednesday afternoon lists Thursday's Programada citas by hour, with name, phone, doctor, center and motivo; Confirmar confirms one; a row opens its cita in the agenda", async () => {
    fd.clock.set(afternoonOf(wednesday));
    const thursday = addDays(wednesday, 1);
    await book(thursday, '12:00', 'Empaste', fd.patient, fd.doctor);
    await book(thursday, '09:30', 'Revisión anual', ana, otro);
    await book(thursday, '10:00', 'Limpieza', fd.patient, otro, 'Confirmada');
    await book(thursday, '11:00', 'Ya no viene', ana, fd.doctor, 'Cancelada');
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    try {
      const patientReads: string[] = [];
      page.on('request', (req) => {
        if (new URL(req.url()).pathname.startsWith('/api/admin/admin/pacientes')) patientReads.push(req.url());
      });
      await openPorConfirmar(page);
      assert.equal(await page.getByLabel('Fecha').inputValue(), thursday, 'the default Fecha is the clinic\'s next day');
      const table = page.getByRole('table');
      await table.getByText(`Por confirmar el ${dayWords(thursday, fd.clock.now())}: 2`).waitFor();
      const rows = table.locator('tbody tr');
      const cells = async (i: number) => (await rows.nth(i).getByRole('cell').allInnerTexts()).slice(0, 6);
      assert.deepEqual(await cells(0), ['09:30', 'Ana Llamada', '+34 612 345 678', 'Dr. Luis Llama', 'Clínica Llamadas', 'Revisión anual']);
      assert.deepEqual(await cells(1), ['12:00', 'Rosa Pendiente', '+34 600 123 456', 'Dra. Paula Confirma', 'Clínica Llamadas', 'Empaste']);
      assert.equal(await rows.count(), 2, 'a Confirmada or Cancelada cita is not listed');
      // She reads the number out to dial it: on a laptop's narrower window it stays on one line, not "+34 612 345 / 678".
      await page.setViewportSize({ width: 1024, height: 768 });
      assert.equal(await phoneLines(rows.nth(0).getByRole('cell').nth(2)), 1, 'the phone number is on one line at 1024 px');
      assert.equal(patientReads.length, 1, `the patients of the list in one read, not one per row: ${patientReads.join(', ')}`);
      assert.deepEqual(await axeViolations(page, 'por confirmar (secretaria)'), []);

      await page.getByRole('button', { name: 'Confirmar la cita de Ana Llamada a las 09:30' }).click();
      await statusSays(page, /^Cita de Ana Llamada del jueves.* a las 09:30 confirmada\.$/);
      await rows.nth(0).getByRole('cell', { name: 'Confirmada', exact: true }).waitFor();
      assert.equal(await page.getByRole('button', { name: /^Confirmar la cita de Ana Llamada/ }).count(), 0, 'a confirmed row offers Confirmar no more');
      // The confirmed row stays on the list: the caption is what says how many calls are left.
      assert.equal(await table.locator('caption').innerText(), `Por confirmar el ${dayWords(thursday, fd.clock.now())}: quedan 1 de 2 (página 1 de 1)`);
      await focusInside(page, 'tbody tr:first-child button', 'Confirmar');
      const listed = await fd.sys.citas.get(`/citas?fecha=${thursday}&estado=Confirmada`, fd.sys.adminToken);
      assert.deepEqual(listed.body.items.map((c: { motivo: string }) => c.motivo).sort(), ['Limpieza', 'Revisión anual']);
      assert.deepEqual(await axeViolations(page, 'por confirmar, a row confirmed (secretaria)'), []);

      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByRole('button', { name: 'Ver en la agenda la cita de Rosa Pendiente a las 12:00' }).click();
      await page.getByRole('heading', { level: 2, name: `${dayWords(thursday, fd.clock.now())}, 12:00 – 12:30` }).waitFor();
      await page.getByRole('group', { name: 'Acciones de la cita' }).getByRole('button', { name: 'Confirmar' }).waitFor();
      const paciente = page.locator('dd', { hasText: 'Rosa Pendiente ·' });
      assert.equal(await phoneLines(paciente), 1, 'the panel keeps her phone number on one line, though her name and it take two');
    } finally {
      await ctx.close();
    }
  });

  it('on a Friday the list is for Monday, the next day the clinic works, and an empty day says so in words', async () => {
    const friday = addDays(wednesday, 2);
    const monday = addDays(friday, 3);
    fd.clock.set(afternoonOf(friday));
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    try {
      await openPorConfirmar(page);
      assert.equal(await page.getByLabel('Fecha').inputValue(), monday);
      await page.getByText(`El ${dayWords(monday, fd.clock.now())} no queda ninguna cita por confirmar.`).waitFor();
      assert.deepEqual(await axeViolations(page, 'por confirmar, an empty day (secretaria)'), []);
    } finally {
      await ctx.close();
    }
  });

  it('a day of more citas than a page is paged, by hour across the pages', async () => {
    fd.clock.set(afternoonOf(wednesday));
    const day = addDays(wednesday, 7);
    const patients = [fd.patient, ana];
    for (let i = 0; i < 5; i += 1) patients.push(await fd.sys.createPatient({ nombre: `Paciente Lista ${i + 1}` }));
    const times = Array.from({ length: 10 }, (_, i) => `${String(9 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);
    let k = 0;
    for (const doctor of [fd.doctor, otro]) for (const time of times) await book(day, time, `Motivo ${k}`, patients[k++ % patients.length], doctor);
    await book(day, '16:00', 'La última', patients[k % patients.length], fd.doctor);
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    try {
      await openPorConfirmar(page);
      await page.getByLabel('Fecha').fill(day);
      await page.getByRole('button', { name: 'Mostrar' }).click();
      const table = page.getByRole('table');
      await table.getByText(`Por confirmar el ${dayWords(day, fd.clock.now())}: 21 (página 1 de 2)`).waitFor();
      assert.equal(await table.locator('tbody tr').count(), 20);
      assert.equal(await table.locator('tbody tr:first-child td').first().innerText(), '09:00');
      await page.getByRole('button', { name: 'Página siguiente' }).click();
      await table.getByText(`Por confirmar el ${dayWords(day, fd.clock.now())}: 21 (página 2 de 2)`).waitFor();
      assert.deepEqual((await table.locator('tbody tr:first-child td').allInnerTexts()).slice(0, 1), ['16:00']);
      await table.getByRole('cell', { name: 'La última' }).waitFor();
    } finally {
      await ctx.close();
    }
  });

  it("a desk at one center chooses it under Centro: the list, its count and its pages are that center's, kept in the address with the Fecha; Todos los centros names each row's center", async () => {
    // A Monday afternoon, calling Tuesday: a day no other test books.
    const monday = addDays(wednesday, 5);
    const tuesday = addDays(monday, 1);
    // Booked while the suite's admin token is fresh (the other tests' Wednesday), called on the Monday.
    fd.clock.set(afternoonOf(wednesday));
    const eva = await fd.sys.createPatient({ nombre: 'Eva Norte' });
    const teo = await fd.sys.createPatient({ nombre: 'Teo Norte' });
    await book(tuesday, '09:00', 'Revisión Llamadas', teo, fd.doctor);
    await book(tuesday, '10:00', 'Empaste Norte', eva, otro, undefined, norte.id);
    await book(tuesday, '11:00', 'Limpieza Norte', teo, otro, undefined, norte.id);
    fd.clock.set(afternoonOf(monday));
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    try {
      await openPorConfirmar(page);
      const centro = page.getByLabel('Centro');
      assert.equal(await centro.locator('option:checked').innerText(), 'Todos los centros', 'a desk that chose no center sees the whole network');
      const table = page.getByRole('table');
      await table.getByText(`Por confirmar el ${dayWords(tuesday, fd.clock.now())}: 3 (página 1 de 1)`).waitFor();
      const centerOf = async (i: number) => (await table.locator('tbody tr').nth(i).getByRole('cell').allInnerTexts())[4];
      assert.deepEqual([await centerOf(0), await centerOf(1)], ['Clínica Llamadas', 'Clínica Norte'], 'under Todos each row says its center');

      await centro.selectOption({ label: 'Clínica Norte' });
      await table.getByText(`Por confirmar el ${dayWords(tuesday, fd.clock.now())} en Clínica Norte: 2 (página 1 de 1)`).waitFor();
      assert.deepEqual(await table.locator('tbody tr td:nth-child(1)').allInnerTexts(), ['10:00', '11:00']);
      assert.equal(await table.getByRole('cell', { name: 'Revisión Llamadas' }).count(), 0, "another center's cita is not on her list");
      const address = new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
      assert.equal(address.get('centro'), String(norte.id));
      assert.equal(address.get('fecha'), tuesday);

      await page.getByRole('button', { name: 'Confirmar la cita de Eva Norte a las 10:00' }).click();
      await table.getByText(`Por confirmar el ${dayWords(tuesday, fd.clock.now())} en Clínica Norte: quedan 1 de 2 (página 1 de 1)`).waitFor();

      // A reload (or the link she saved) keeps the center and the day.
      await page.reload();
      await table.getByText(`Por confirmar el ${dayWords(tuesday, fd.clock.now())} en Clínica Norte: 1 (página 1 de 1)`).waitFor();
      assert.equal(await page.getByLabel('Centro').locator('option:checked').innerText(), 'Clínica Norte');
      assert.equal(await page.getByLabel('Fecha').inputValue(), tuesday);
      assert.deepEqual(await axeViolations(page, 'por confirmar, one center (secretaria)'), []);
    } finally {
      await ctx.close();
    }
  });

  it('the center she chose in the Agenda is the one Por confirmar opens on', async () => {
    const monday = addDays(wednesday, 5);
    const tuesday = addDays(monday, 1);
    fd.clock.set(afternoonOf(monday));
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    try {
      await page.getByRole('link', { name: 'Agenda' }).click();
      await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
      await page.getByLabel('Centro').selectOption({ label: 'Clínica Norte' });
      await openPorConfirmar(page);
      // Her list is that center's, whatever is left on it: the caption, or the empty day's words, name it.
      await page.getByText(new RegExp(`el ${dayWords(tuesday, fd.clock.now())} en Clínica Norte[:.]|no queda ninguna cita por confirmar en Clínica Norte\\.`)).waitFor();
      assert.equal(await page.getByLabel('Centro').locator('option:checked').innerText(), 'Clínica Norte');
    } finally {
      await ctx.close();
    }
  });

  it('the center she chose in Por confirmar is the one both pages open on; Todos los centros is kept there, and leaves the Agenda on a center', async () => {
    const monday = addDays(wednesday, 5);
    const tuesday = addDays(monday, 1);
    fd.clock.set(afternoonOf(monday));
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    const openAgenda = async () => {
      await page.getByRole('link', { name: 'Agenda', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
    };
    const chosen = () => page.getByLabel('Centro').locator('option:checked').innerText();
    try {
      await openPorConfirmar(page);
      await page.getByLabel('Centro').selectOption({ label: 'Clínica Norte' });
      await page.getByText(new RegExp(`el ${dayWords(tuesday, fd.clock.now())} en Clínica Norte[:.]|no queda ninguna cita por confirmar en Clínica Norte\\.`)).waitFor();
      await openAgenda();
      assert.equal(await chosen(), 'Clínica Norte', 'the Agenda opens on the center her desk works');
      await openPorConfirmar(page);
      assert.equal(await chosen(), 'Clínica Norte', 'Por confirmar, back by the menu, keeps the center she chose there');
      await page.getByText(/en Clínica Norte[:.]/).waitFor();

      // The whole network is a choice of its own here; the Agenda, which needs a center, stays on the one she named.
      await page.getByLabel('Centro').selectOption({ label: 'Todos los centros' });
      await page.getByText(new RegExp(`el ${dayWords(tuesday, fd.clock.now())}: |no queda ninguna cita por confirmar\\.`)).waitFor();
      await openAgenda();
      assert.equal(await chosen(), 'Clínica Norte');
      await openPorConfirmar(page);
      assert.equal(await chosen(), 'Todos los centros');
    } finally {
      await ctx.close();
    }
  });

  it('Cancelar on a row asks first, in place, for a Motivo de cancelación; the row then says Cancelada and the count what is left', async () => {
    // On Thursday afternoon she calls Friday's patients: a day no other test books.
    const calledOn = addDays(wednesday, 1);
    const day = addDays(calledOn, 1);
    fd.clock.set(afternoonOf(wednesday));
    const lola = await fd.sys.createPatient({ nombre: 'Lola Cancela' });
    const pepe = await fd.sys.createPatient({ nombre: 'Pepe Viene' });
    await book(day, '09:00', 'Revisión', lola, fd.doctor);
    await book(day, '09:30', 'Empaste', pepe, fd.doctor);
    fd.clock.set(afternoonOf(calledOn));
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    try {
      await openPorConfirmar(page);
      const table = page.getByRole('table');
      await table.getByText(`Por confirmar el ${dayWords(day, fd.clock.now())}: 2 (página 1 de 1)`).waitFor();
      const cancelar = page.getByRole('button', { name: 'Cancelar la cita de Lola Cancela a las 09:00' });
      await cancelar.click();
      const form = page.getByRole('form', { name: 'Cancelar la cita' });
      await form.getByText('¿Cancelar la cita de Lola Cancela a las 09:00?').waitFor();
      await focusInside(page, 'form.cancelar textarea', 'Cancelar');
      // Volver leaves the cita as it was, the focus back on her row's Cancelar.
      await form.getByRole('button', { name: 'Volver' }).click();
      assert.equal(await form.count(), 0);
      await focusInside(page, 'button[aria-label="Cancelar la cita de Lola Cancela a las 09:00"]', 'Volver');

      await cancelar.click();
      await form.getByLabel('Motivo de cancelación').fill('Está de viaje');
      assert.deepEqual(await axeViolations(page, 'por confirmar, cancelling a row (secretaria)'), []);
      await form.getByRole('button', { name: 'Confirmar cancelación' }).click();
      await statusSays(page, /^Cita de Lola Cancela del .* a las 09:00 cancelada\.$/);
      const row = table.locator('tbody tr', { hasText: 'Lola Cancela' });
      await row.getByRole('cell', { name: 'Cancelada', exact: true }).waitFor();
      assert.equal(await form.count(), 0, 'the form is gone');
      assert.deepEqual(await row.getByRole('button').allInnerTexts(), ['Ver en la agenda'], 'a cancelled row offers neither Confirmar nor Cancelar');
      assert.equal(await table.locator('caption').innerText(), `Por confirmar el ${dayWords(day, fd.clock.now())}: quedan 1 de 2 (página 1 de 1)`);
      const listed = await fd.sys.citas.get(`/citas?fecha=${day}&id_paciente=${lola.id}`, fd.sys.adminToken);
      assert.deepEqual(
        listed.body.items.map((c: { estado: string; motivo_cancelacion?: string }) => [c.estado, c.motivo_cancelacion]),
        [['Cancelada', 'Está de viaje']],
      );
    } finally {
      await ctx.close();
    }
  });
});
