import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { instantAt, parseLocalDate } from '../../core/domain/clinic-time';
import { TEST_ADMIN } from '../support/admin';
import { browserSkipReason, focusInside, logIn, newContext, statusSays, WAIT_MS } from '../support/browser';
import type { Account, PatientAccount } from '../support/citas';
import { openAgenda as openAgendaOf, slot } from '../support/agenda-page';
import { addDays, dayWords, nextWeekday } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * More of the front desk as its users meet it: a booking that meets a taken
 * slot, a page left open across midnight, and a record an admin deactivated
 * by mistake. Real headless Chromium on the real services, all on one
 * FixedClock; the page's own clock is moved with Playwright's page clock.
 * Nothing sleeps: every step waits for what the page shows.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';

describe('front desk in the browser, more', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Centro', doctor: { nombre: 'Dr. Bruno Gil', especialidad: 'Endodoncia' } });
  let admin2: Account;
  const patients: Record<string, PatientAccount> = {};

  before(async () => {
    patients.luis = await fd.sys.createPatient({ nombre: 'Luis Pérez' });
    patients.mar = await fd.sys.createPatient({ nombre: 'Mar Ortega' });
    const username = `admin2${fd.clock.now().getTime().toString(36)}`;
    const created = await fd.sys.admin.post('/admin/usuario', { username, password: 'Sonrisa-2026-ok', rol: 'admin' }, fd.sys.adminToken);
    assert.equal(created.status, 201);
    admin2 = { username, password: 'Sonrisa-2026-ok', token: () => fd.sys.login(username, 'Sonrisa-2026-ok') };
  });

  const openAgenda = (page: Page, fecha = fd.day) => openAgendaOf(page, fd.center.id, fd.doctor, fecha);

  async function pickPatient(page: Page, paciente: string): Promise<void> {
    await page.getByLabel('Paciente').fill(paciente);
    await page.getByLabel('Paciente').press('Enter');
    await page.getByRole('radio', { name: new RegExp(paciente) }).check();
  }

  async function activeCitas(): Promise<any[]> {
    const res = await fd.sys.citas.get(`/citas?id_doctor=${fd.doctor.id}&fecha=${fd.day}&page_size=100`, fd.sys.adminToken);
    return res.body.items.filter((c: any) => c.estado !== 'Cancelada');
  }

  it('a booking that meets a taken slot leaves Hora unchosen, the API\'s words on screen and the focus in the form: Reservar again books nothing', async () => {
    const [ca, cb] = [await newContext(fd.browser), await newContext(fd.browser)];
    const [a, b] = [await ca.newPage(), await cb.newPage()];
    await logIn(a, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await logIn(b, fd.web.url, admin2.username, admin2.password);
    for (const p of [a, b]) {
      await openAgenda(p);
      await slot(p, '12:00').click();
      await p.getByRole('heading', { name: 'Reservar cita' }).waitFor();
      await p.getByLabel('Hora').selectOption('12:00');
    }
    await pickPatient(a, 'Luis');
    await a.getByLabel('Motivo', { exact: true }).fill('Dolor de muelas');
    await a.getByRole('button', { name: 'Reservar', exact: true }).click();
    await statusSays(a, /Cita reservada/);

    await pickPatient(b, 'Mar');
    await b.getByLabel('Motivo', { exact: true }).fill('Limpieza');
    await b.getByRole('button', { name: 'Reservar', exact: true }).focus();
    await b.keyboard.press('Enter');
    const error = b.locator('form.reserva .error');
    await error.getByText(/La agenda se ha actualizado/).waitFor();
    // The form's free slots were read again: 12:00 is gone from them.
    await b.waitForFunction(
      () => {
        const hora = (globalThis as any).document.querySelector('form.reserva select[name=hora]');
        return hora && hora.options.length > 1 && ![...hora.options].some((o: any) => o.value === '12:00');
      },
      undefined,
      { timeout: WAIT_MS },
    );
    const hora = b.locator('form.reserva select[name=hora]');
    const shown = await hora.evaluate((el: any) => ({ value: el.value, label: el.selectedOptions[0]?.textContent ?? '' }));
    assert.deepEqual(shown, { value: '', label: 'Elija otra hora' }, 'after a 409 Hora must ask for a choice, not pick the first free slot');

    const direct = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T12:00:00`, motivo: 'x', id_paciente: patients.mar.id, id_doctor: fd.doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(direct.status, 409);
    assert.ok((await error.textContent())?.includes(direct.body.detail), `${await error.textContent()} / ${direct.body.detail}`);
    await focusInside(b, 'form.reserva', 'Reservar met a taken slot');

    // She presses Reservar again without choosing: the form asks for Hora, nothing is booked.
    await b.locator('form.reserva').getByRole('button', { name: 'Reservar', exact: true }).focus();
    await b.keyboard.press('Enter');
    await error.getByText(/Falta: Hora/).waitFor();
    assert.equal((await activeCitas()).length, 1, 'only the first booking exists');
    await ca.close();
    await cb.close();
  });

  it('an admin reactivates a patient, a doctor and a center she deactivated, and keeps her place in the list', async () => {
    const paciente = await fd.sys.createPatient({ nombre: 'Rita Vuelve' });
    const medico = await fd.sys.createDoctor({ nombre: 'Dr. Leo Retorno', especialidad: 'Periodoncia' });
    const centro = await fd.sys.createCenter({ nombre: 'Clínica Reabierta' });
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);

    // `shown`: what the row says of her, inactive and then active again, in words (never the API's ACTIVO / INACTIVO).
    for (const { link, nombre, id, path, active, shown } of [
      { link: 'Pacientes', nombre: paciente.nombre, id: paciente.id, path: `/admin/pacientes/${paciente.id}`, active: (r: any) => r.estado === 'ACTIVO', shown: ['De baja', 'Activo'] },
      { link: 'Doctores', nombre: medico.nombre, id: medico.id, path: `/admin/doctores/${medico.id}`, active: (r: any) => r.activo === true, shown: ['no', 'sí'] },
      { link: 'Centros', nombre: centro.nombre, id: centro.id, path: `/admin/centros/${centro.id}`, active: (r: any) => r.activo === true, shown: ['no', 'sí'] },
    ]) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: link, level: 1 }).waitFor();
      await page.getByLabel('Buscar por nombre').fill(nombre);
      await page.getByLabel('Buscar por nombre').press('Enter');
      const row = page.locator(`tr[data-id="${id}"]`);
      await row.getByRole('button', { name: `Dar de baja ${nombre}` }).click();
      await page.getByRole('button', { name: 'Confirmar baja' }).click(); // Dar de baja asks first
      await statusSays(page, new RegExp(`${nombre}: dado de baja`));
      assert.equal(active((await fd.sys.admin.get(path, fd.sys.adminToken)).body), false, `${link}: deactivated`);

      await row.getByRole('button', { name: `Dar de baja ${nombre}` }).waitFor({ state: 'detached' }); // the row is drawn again, inactive
      await row.getByRole('cell', { name: shown[0], exact: true }).waitFor();
      const reactivar = row.getByRole('button', { name: `Reactivar ${nombre}` });
      assert.equal(await reactivar.count(), 1, `${link}: a deactivated ${nombre} offers no Reactivar (row: ${await row.innerText()})`);
      await reactivar.focus();
      await page.keyboard.press('Enter');
      await statusSays(page, new RegExp(`${nombre}: dado de alta de nuevo`));
      await row.getByRole('button', { name: `Dar de baja ${nombre}` }).waitFor();
      assert.equal(active((await fd.sys.admin.get(path, fd.sys.adminToken)).body), true, `${link}: active again`);
      await row.getByRole('cell', { name: shown[1], exact: true }).waitFor();
      // As after Dar de baja: the focus goes back to the row she was working on.
      await focusInside(page, `tr[data-id="${id}"]`, `Reactivar on ${link}`);
    }
    await ctx.close();
  });

  it('Hora lists the free slots of the Fecha on screen: an earlier day\'s answer that comes back late does not replace them', async () => {
    const medica = await fd.sys.createDoctor({ nombre: 'Dra. Sara Lenta', especialidad: 'Implantes' });
    const paciente = await fd.sys.createPatient({ nombre: 'Noa Tardía' });
    const [first, second] = [fd.day, nextWeekday(fd.day)];
    // 10:00 is free on the first day and taken on the second.
    const taken = await fd.sys.citas.post(
      '/citas',
      { fecha: `${second}T10:00:00`, motivo: 'Ocupa las 10', id_paciente: paciente.id, id_doctor: medica.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(taken.status, 201, JSON.stringify(taken.body));

    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await page.getByRole('link', { name: 'Reservar', exact: true }).click();
    const form = page.locator('form.reserva');
    await form.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await form.getByLabel('Centro').selectOption(String(fd.center.id));
    await form.getByLabel('Doctor').selectOption(String(medica.id));

    // The network is slow for the first day's free slots: that answer is held until the second day's is on screen.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let asked!: () => void;
    const firstAsked = new Promise<void>((r) => (asked = r));
    await page.route(
      (url) => url.pathname === '/api/citas/citas/disponibilidad' && url.searchParams.get('fecha') === first,
      async (route) => {
        asked();
        await released;
        await route.continue();
      },
    );
    const hora = form.locator('select[name=hora]');
    const times = () => hora.evaluate((el: any) => [...el.options].map((o: any) => o.value));
    await form.getByLabel('Fecha').fill(first);
    await firstAsked;
    await form.getByLabel('Fecha').fill(second);
    await page.waitForFunction(
      () => {
        const el = (globalThis as any).document.querySelector('form.reserva select[name=hora]');
        const values = el ? [...el.options].map((o: any) => o.value) : [];
        return values.includes('10:30') && !values.includes('10:00');
      },
      undefined,
      { timeout: WAIT_MS },
    );

    const late = page.waitForResponse((res) => new URL(res.url()).searchParams.get('fecha') === first);
    release();
    await (await late).finished();
    // The page has had its turns to handle that answer.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 0)).then(() => new Promise((r) => (globalThis as any).requestAnimationFrame(r))));
    assert.equal(await form.getByLabel('Fecha').inputValue(), second);
    const shown = await times();
    assert.ok(!shown.includes('10:00'), `Hora offers 10:00, taken on ${second}: it shows ${first}'s free slots (${shown.join(' ')})`);
    assert.ok(shown.includes('10:30'), `Hora still offers ${second}'s free slots (${shown.join(' ')})`);
    await ctx.close();
  });

  it('a page left open across midnight takes the new day as Hoy, in the clinic\'s zone, whatever the PC\'s zone', async () => {
    const lateEvening = instantAt(parseLocalDate(fd.day), '23:50', ZONE)!;
    const tomorrow = addDays(fd.day, 1);
    fd.clock.set(lateEvening);
    // The front desk PC is set to New York: at the clinic's midnight it is still the evening before there.
    const ctx = await newContext(fd.browser, { timezoneId: 'America/New_York' });
    const page = await ctx.newPage();
    await page.clock.install({ time: lateEvening });
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await page.getByRole('heading', { name: 'Agenda', level: 1 }).waitFor();
    assert.equal(await page.getByLabel('Fecha').inputValue(), fd.day, 'before midnight the agenda opens on the clinic\'s today');

    // Twenty minutes go by with the page open (the clinic's clock and the browser's alike): it is the next day.
    fd.clock.set(new Date(lateEvening.getTime() + 20 * 60 * 1000));
    await page.clock.fastForward('20:00');
    await page.getByRole('button', { name: 'Hoy', exact: true }).click();
    await page.locator('.agenda-zona:not([aria-busy])').waitFor(); // the agenda of the day Hoy chose is drawn
    assert.equal(await page.getByLabel('Fecha').inputValue(), tomorrow, 'Hoy in the agenda is the new day');
    assert.match(await page.locator('.resumen').innerText(), new RegExp(`^${dayWords(tomorrow, fd.clock.now())}: `));

    await page.getByRole('link', { name: 'Próximos huecos' }).click();
    await page.getByRole('heading', { name: 'Próximos huecos', level: 1 }).waitFor();
    assert.equal(await page.getByLabel('Desde').inputValue(), tomorrow, 'Próximos huecos searches from the new day');

    await page.getByRole('link', { name: 'Reservar', exact: true }).click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    const fecha = page.locator('form.reserva input[name=fecha]');
    assert.equal(await fecha.inputValue(), tomorrow, 'the booking form starts on the new day');
    assert.equal(await fecha.getAttribute('min'), tomorrow, 'and offers no day before it');
    await ctx.close();
  });
});
