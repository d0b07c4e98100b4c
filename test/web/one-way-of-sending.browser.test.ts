import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { citaAt, openAgenda, slot } from '../support/agenda-page';
import { browserSkipReason, loggedIn, statusSays } from '../support/browser';
import { frontDeskSuite, suiteCita } from '../support/front-desk-suite';
import { holdFirst } from '../support/held-requests';
import { serviceDown } from '../support/service-down';

/**
 * The last presses that were sent their own way, sent as every form is
 * (form-send.ts): a cita's Confirmar (Atendida, No asistió, Confirmar
 * cancelación) and the booking form's Crear paciente. Her button is busy
 * until the answer is on screen, Reintentar included, so a press meanwhile
 * sends nothing; Enter in Crear paciente's fields creates the patient, not
 * the booking around it. Requests are held by Playwright's routing until
 * the test has pressed; nothing sleeps.
 */
const skip = browserSkipReason();

/** The requests of `method` to `path`: the first answered 503, the second held until released, the rest passed. */
async function downThenHeld(page: Page, method: string, path: string) {
  let seen = 0;
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let reached!: () => void;
  const held = new Promise<void>((r) => (reached = r));
  await page.route(
    (url) => url.pathname === path,
    async (route) => {
      if (route.request().method() !== method) return route.continue();
      seen += 1;
      if (seen === 1) return route.fulfill(serviceDown('citas'));
      if (seen === 2) {
        reached();
        await released;
      }
      return route.continue();
    },
  );
  return { count: () => seen, held, release };
}

describe('the panel\'s and Crear paciente\'s presses, sent the page\'s one way', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Un Camino',
    doctor: { nombre: 'Dra. Vía Única', especialidad: 'Odontología general' },
    patient: 'Gema Constante',
  });

  it('Confirmar refused by a 503 offers Reintentar, whose press keeps Confirmar busy: a press meanwhile sends nothing more', async () => {
    const id = await suiteCita(fd, '10:00', 'Revisión');
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await citaAt(page, '10:00').click();
    const confirmar = page.locator('.cita-panel').getByRole('button', { name: 'Confirmar', exact: true });
    const puts = await downThenHeld(page, 'PUT', `/api/citas/citas/${id}`);

    await confirmar.click();
    await page.getByRole('alert').filter({ hasText: 'Servicio no disponible' }).waitFor();
    await page.getByRole('button', { name: 'Reintentar' }).click();
    await puts.held;
    const meanwhile = { disabled: await confirmar.isDisabled(), busy: await confirmar.getAttribute('aria-busy') };
    await confirmar.dblclick({ force: true }); // a disabled button takes no press; an enabled one would send it again
    puts.release();
    await statusSays(page, /confirmada/i);
    await page.locator('.cita-panel .estado', { hasText: 'Confirmada' }).waitFor();
    assert.deepEqual(meanwhile, { disabled: true, busy: 'true' }, 'while Reintentar\'s request ran, Confirmar was offered again');
    assert.equal(puts.count(), 2, 'the refused press and Reintentar\'s: nothing more');
    await ctx.close();
  });

  it('Enter in Crear paciente\'s fields creates the patient, once however often pressed, and her refusal is said on her own line', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await slot(page, '11:00').click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.getByLabel('Paciente', { exact: true }).fill('Olga Intro');
    await page.getByLabel('Paciente', { exact: true }).press('Enter');
    await page.getByRole('button', { name: 'Nuevo paciente' }).click();
    const nuevo = page.locator('fieldset.nuevo-paciente');
    await nuevo.getByLabel('Teléfono').fill('611223344');
    // Her username is taken: the refusal is said on Nuevo paciente's line, not the booking's.
    await nuevo.getByLabel('Usuario del paciente').fill(fd.patient.username);
    await nuevo.getByLabel('Contraseña inicial').fill('Sonrisa-2026-ok');
    await nuevo.getByLabel('Contraseña inicial').press('Enter');
    const bookingLine = page.locator('form.reserva > p.error');
    const ownLine = nuevo.locator('p.error');
    await ownLine.or(bookingLine).filter({ hasText: /\S/ }).first().waitFor();
    assert.equal((await bookingLine.innerText()).trim(), '', 'Enter pressed Reservar');
    assert.match(await ownLine.innerText(), /Revise el campo marcado/);
    await nuevo.getByText('Ya está en uso.').waitFor(); // under Usuario del paciente, in the API's words

    const posts = await holdFirst(page, 'POST', (url) => url.pathname === '/api/admin/admin/pacientes');
    await nuevo.getByLabel('Usuario del paciente').fill('olga.intro');
    await nuevo.getByLabel('Usuario del paciente').press('Enter');
    await posts.reached;
    await nuevo.getByLabel('Usuario del paciente').press('Enter');
    posts.release();
    await statusSays(page, /Paciente Olga Intro creado/);
    await page.getByRole('radio', { name: /Olga Intro/ }).waitFor();
    assert.equal(posts.count(), 1, 'one POST for two Enters');
    assert.equal((await bookingLine.innerText()).trim(), '', 'the booking said nothing');
    await ctx.close();
  });
});
