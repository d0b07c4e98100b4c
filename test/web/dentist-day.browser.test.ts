import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { instantAt, parseLocalDate } from '../../core/domain/clinic-time';
import { citaAt, openAgenda } from '../support/agenda-page';
import { browserSkipReason, loggedIn, logIn } from '../support/browser';
import type { PatientAccount } from '../support/citas';
import { dayWords } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';
import { letTimePass, pageAt } from '../support/page-clock';

/**
 * The dentist through his working day, between patients: a glance at Mi
 * agenda must tell him who is in the chair now and who comes next, and a
 * press must open that patient's panel. Real headless Chromium on the real
 * services, the page's clock in step with theirs; nothing sleeps.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';

describe('the dentist through his day', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Jornada',
    doctor: { nombre: 'Dr. Alfredo Jornada', especialidad: 'Odontología general' },
    patient: 'Ana Sillón',
  });
  let beto: PatientAccount;
  let carla: PatientAccount;
  let dora: PatientAccount;
  let eva: PatientAccount;
  const at = (hhmm: string) => instantAt(parseLocalDate(fd.day), hhmm, ZONE)!;

  async function book(hhmm: string, motivo: string, patient: PatientAccount): Promise<number> {
    const res = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T${hhmm}:00`, motivo, id_paciente: patient.id, id_doctor: fd.doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id_cita as number;
  }

  /** The line of Mi agenda that says who is now and who is next, once it says `expected`. */
  async function nowLineSays(page: Page, expected: RegExp): Promise<void> {
    const line = page.getByRole('region', { name: 'Ahora y siguiente' });
    try {
      await page.waitForFunction(
        ([source]) => new RegExp(source).test((globalThis as any).document.querySelector('[aria-label="Ahora y siguiente"]')?.textContent ?? ''),
        [expected.source],
      );
    } catch {
      assert.fail(`Mi agenda never said ${expected}; it says: ${JSON.stringify(await line.allInnerTexts())}`);
    }
  }

  /** His Mi agenda at `hhmm` of the suite's day, the page's clock in step with the services'. */
  async function miAgendaAt(hhmm: string): Promise<Awaited<ReturnType<typeof pageAt>>> {
    fd.clock.set(at(hhmm));
    const opened = await pageAt(fd.browser, fd.clock.now());
    await logIn(opened.page, fd.web.url, fd.doctor.username, fd.doctor.password);
    await opened.page.getByRole('heading', { name: 'Mi agenda' }).waitFor();
    return opened;
  }

  before(async () => {
    beto = await fd.sys.createPatient({ nombre: 'Beto Siguiente' });
    carla = await fd.sys.createPatient({ nombre: 'Carla Después' });
    dora = await fd.sys.createPatient({ nombre: 'Dora Cancela' });
    eva = await fd.sys.createPatient({ nombre: 'Eva Tarde' });
    await book('10:00', 'Empaste', fd.patient);
    await book('10:30', 'Limpieza', beto);
    await book('11:00', 'Revisión', carla);
    const cancelled = await book('12:00', 'Extracción', dora);
    const res = await fd.sys.citas.put(`/citas/${cancelled}`, { estado: 'Cancelada' }, fd.sys.adminToken);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await book('13:00', 'Férula', eva);
  });

  it('Mi agenda says who is in the chair now and who is next, opens either with one press, and moves on as the day goes', async () => {
    const { ctx, page } = await miAgendaAt('10:10');
    try {
      await nowLineSays(page, /^Ahora: 10:00 Ana Sillón, hasta las 10:30 · Siguiente: 10:30 Beto Siguiente$/);

      // One press on the next patient's name: her panel, as a press on her block would open it.
      await page.getByRole('region', { name: 'Ahora y siguiente' }).getByRole('button', { name: '10:30 Beto Siguiente' }).click();
      const panel = page.locator('.cita-panel');
      await panel.getByText('Beto Siguiente').waitFor();
      await panel.getByText('Limpieza').waitFor();

      // The page left open: at 10:35 Beto is in the chair and Carla next, with nothing pressed.
      await letTimePass(fd.clock, page, 25);
      await nowLineSays(page, /^Ahora: 10:30 Beto Siguiente, hasta las 11:00 · Siguiente: 11:00 Carla Después$/);
      // Between two citas, who comes next (a cancelled one never does); then the last one says so; then the day is done.
      await letTimePass(fd.clock, page, 60);
      await nowLineSays(page, /^Siguiente: 13:00 Eva Tarde$/);
      await letTimePass(fd.clock, page, 95);
      await nowLineSays(page, /^Ahora: 13:00 Eva Tarde, hasta las 13:30 · Es la última de hoy\.$/);
      await letTimePass(fd.clock, page, 25);
      await nowLineSays(page, /^No quedan citas hoy\.$/);
    } finally {
      await ctx.close();
    }
  });

  it('a keyboard focus on a name of the Ahora / Siguiente line stays on that cita when the line moves on, and on the line when the cita leaves it', async () => {
    const { ctx, page } = await miAgendaAt('10:10');
    try {
      const line = page.getByRole('region', { name: 'Ahora y siguiente' });
      await nowLineSays(page, /^Ahora: 10:00 Ana Sillón, hasta las 10:30 · Siguiente: 10:30 Beto Siguiente$/);
      const focused = () => page.evaluate(() => {
        const el = (globalThis as any).document.activeElement;
        return el.getAttribute('aria-label') ?? el.textContent;
      });

      // Tabbed to Beto, next; at 10:35 he is in the chair: the focus is on his name where it now stands.
      await line.getByRole('button', { name: '10:30 Beto Siguiente' }).focus();
      await letTimePass(fd.clock, page, 25);
      await nowLineSays(page, /^Ahora: 10:30 Beto Siguiente, hasta las 11:00 · Siguiente: 11:00 Carla Después$/);
      assert.equal(await focused(), '10:30 Beto Siguiente', 'the focus left the name it was on');

      // At 11:05 Beto's cita is over and off the line: the focus is on the line, not thrown back to the top of the page.
      await letTimePass(fd.clock, page, 30);
      await nowLineSays(page, /^Ahora: 11:00 Carla Después, hasta las 11:30 · Siguiente: 13:00 Eva Tarde$/);
      assert.equal(await focused(), 'Ahora y siguiente', 'the focus left the line');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), '11:00 Carla Después', 'Tab from the line does not go on to its first name');
    } finally {
      await ctx.close();
    }
  });

  it('on a 1024 x 768 tablet, a cita\'s panel opens beside his agenda, the cita pressed still on screen, and his week still fits beside it', async () => {
    fd.clock.set(at('10:10'));
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.doctor, { width: 1024, height: 768 });
    try {
      await page.getByRole('heading', { name: 'Mi agenda' }).waitFor();
      const block = citaAt(page, '10:30');
      await block.click();
      const panel = page.locator('.cita-panel');
      await panel.getByText('Beto Siguiente').waitFor();
      const [grid, opened, pressed] = await Promise.all([page.locator('.rejilla-scroll').first(), panel, block].map(async (el) => {
        const box = await el.boundingBox();
        assert.ok(box, 'not laid out');
        return box;
      }));
      // Below the whole day, the panel took him a screen away from the agenda, and back up again for the next patient.
      assert.ok(opened.x >= grid.x + grid.width, `the panel (${JSON.stringify(opened)}) is not beside the agenda (${JSON.stringify(grid)})`);
      assert.ok(opened.y < 768 && pressed.y >= 0 && pressed.y + pressed.height <= 768, `the panel (${JSON.stringify(opened)}) and the cita pressed (${JSON.stringify(pressed)}) are not both on screen`);

      await page.getByRole('button', { name: 'Semana' }).click();
      const week = page.getByRole('group', { name: `Semana de ${fd.doctor.nombre}` });
      await week.getByRole('region').nth(4).waitFor();
      const [scrollWidth, clientWidth] = await week.locator('xpath=..').evaluate((el) => [el.scrollWidth, el.clientWidth]);
      assert.ok(scrollWidth <= clientWidth, `his week is ${scrollWidth} px wide in a box of ${clientWidth} px beside the panel: part of it is scrolled away`);
    } finally {
      await ctx.close();
    }
  });

  it('his own cita\'s panel does not name him as its doctor; reception\'s panel of the same cita does', async () => {
    fd.clock.set(at('10:10'));
    const terms = (page: Page) => page.locator('.cita-panel dl > dt').allInnerTexts();
    const mine = await loggedIn(fd.browser, fd.web.url, fd.doctor, { width: 1024, height: 768 });
    try {
      await mine.page.getByRole('heading', { name: 'Mi agenda' }).waitFor();
      await citaAt(mine.page, '10:30').click();
      await mine.page.locator('.cita-panel').getByText('Limpieza').waitFor();
      assert.deepEqual(await terms(mine.page), ['Estado', 'Paciente', 'Centro', 'Motivo'], 'he knows who he is');
      assert.equal(await mine.page.locator('.cita-panel').getByText(fd.doctor.nombre).count(), 0);
    } finally {
      await mine.ctx.close();
    }
    const secretaria = await fd.sys.createSecretaria();
    const desk = await loggedIn(fd.browser, fd.web.url, secretaria, { width: 1366, height: 768 });
    try {
      await openAgenda(desk.page, fd.center.id, fd.doctor, fd.day);
      await citaAt(desk.page, '10:30').click();
      await desk.page.locator('.cita-panel').getByText('Limpieza').waitFor();
      assert.deepEqual(await terms(desk.page), ['Estado', 'Paciente', 'Doctor', 'Centro', 'Motivo']);
      await desk.page.locator('.cita-panel dd').getByText(`${fd.doctor.nombre} (Odontología general)`).waitFor();
    } finally {
      await desk.ctx.close();
    }
  });

  it('an absence that ends while Mis ausencias is open leaves the list then, what he is typing kept', async () => {
    fd.clock.set(at('13:40'));
    for (const [desde, hasta, motivo] of [
      [`${fd.day}T14:00:00`, `${fd.day}T15:00:00`, 'Reunión de equipo'],
      [`${fd.day}T14:00:00`, `${fd.day}T23:00:00`, 'Congreso'],
    ]) {
      const res = await fd.sys.citas.post(`/agenda/${fd.doctor.id}/ausencias`, { desde, hasta, motivo }, fd.sys.adminToken);
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    fd.clock.set(at('14:30'));
    const { ctx, page } = await pageAt(fd.browser, fd.clock.now());
    try {
      await logIn(page, fd.web.url, fd.doctor.username, fd.doctor.password);
      await page.getByRole('link', { name: 'Mis ausencias' }).click();
      const list = page.locator('ul.ausencias');
      await list.getByText(/Reunión de equipo/).waitFor();
      await page.getByLabel('Motivo').fill('Vacaciones');

      await letTimePass(fd.clock, page, 35);
      // Over at 15:00, it is no longer his to borrar (the API would refuse it as ended), with nothing pressed.
      await list.getByText(/Reunión de equipo/).waitFor({ state: 'detached' });
      await list.getByText(/Congreso/).waitFor();
      assert.equal(await page.getByLabel('Motivo').inputValue(), 'Vacaciones', 'what he was typing was lost');
    } finally {
      await ctx.close();
    }
  });
  it('Mis ausencias says how many citas each absence still has inside, and shows them, read by day and not cita by cita', async () => {
    fd.clock.set(at('08:00'));
    for (const [desde, hasta, motivo] of [
      [`${fd.day}T09:45:00`, `${fd.day}T11:15:00`, 'Curso'],
      // Only Dora's cita, cancelled, is inside: nothing to say.
      [`${fd.day}T11:45:00`, `${fd.day}T12:45:00`, 'Reunión breve'],
    ]) {
      const res = await fd.sys.citas.post(`/agenda/${fd.doctor.id}/ausencias`, { desde, hasta, motivo }, fd.sys.adminToken);
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.doctor, { width: 1024, height: 768 });
    try {
      // His day read and drawn first: what Mis ausencias reads is all that is counted below.
      await citaAt(page, '10:00').waitFor();
      const reads: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname.startsWith('/api/citas/citas')) reads.push(new URL(r.url()).pathname + new URL(r.url()).search);
      });
      await page.getByRole('link', { name: 'Mis ausencias' }).click();
      const curso = page.locator('ul.ausencias li', { hasText: 'Curso' });
      await curso.waitFor();
      const day = dayWords(fd.day, fd.clock.now());
      assert.equal((await curso.innerText()).replace(/\s+/g, ' ').trim(), `Del ${day}, de 09:45 a 11:15 · Curso · 3 citas dentro Ver las citas Borrar`);
      assert.doesNotMatch(await page.locator('ul.ausencias li', { hasText: 'Reunión breve' }).innerText(), /cita/, 'a cancelled cita is not inside');
      assert.deepEqual(reads.filter((r) => /^\/api\/citas\/citas\/\d+/.test(r)), [], 'a cita read one by one');
      assert.equal(reads.filter((r) => r.includes(`fecha=${fd.day}`)).length, 1, `one read of the day for both absences: ${reads.join(' ')}`);

      await curso.getByRole('button', { name: `Ver las citas dentro de la ausencia del ${day}, de 09:45 a 11:15` }).click();
      const table = page.getByRole('table', { name: /^Citas dentro de la ausencia/ });
      await table.waitFor();
      assert.deepEqual(
        (await table.locator('tbody tr td:nth-child(2)').allInnerTexts()).map((t) => t.trim()),
        ['Ana Sillón', 'Beto Siguiente', 'Carla Después'],
      );
      // One of them, pressed: its panel in his agenda, to see whom to move.
      await table.getByRole('button', { name: /^Ver en la agenda la cita de Beto Siguiente/ }).click();
      await page.locator('.cita-panel').getByText('Limpieza').waitFor();
    } finally {
      await ctx.close();
    }
  });
});
