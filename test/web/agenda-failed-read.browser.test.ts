import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { openAgenda, slot } from '../support/agenda-page';
import { browserSkipReason, logIn, newContext } from '../support/browser';
import { addDays, dayWords } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';
import { serviceDown } from '../support/service-down';

/**
 * The agenda when the read of the day she moved to fails (citas does not
 * answer): the day she left must not stay on screen under the new Fecha,
 * where its free slots would be taken for the new day's (and book the old
 * one). Real headless Chromium on the real services; the outage is the
 * answer of one read, played with Playwright's routing.
 */
const skip = browserSkipReason();

describe('the agenda when a day cannot be read', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Apagón', doctor: { nombre: 'Dra. Irene Corte', especialidad: 'Endodoncia' } });

  /** Every read of `fecha`'s citas answers that citas is down, until the returned function is called. */
  async function citasDownFor(page: Page, fecha: string): Promise<() => Promise<void>> {
    const matches = (url: URL) => url.pathname === '/api/citas/citas' && url.searchParams.get('fecha') === fecha;
    await page.route(matches, (route) => route.fulfill(serviceDown('citas')));
    return () => page.unroute(matches);
  }

  it('Siguiente whose day does not answer leaves no grid of the day before under the new Fecha; Reintentar draws the new day', async () => {
    const next = addDays(fd.day, 1);
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    const back = await citasDownFor(page, next);

    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.getByRole('alert').getByText(/citas no responde/).waitFor();
    await page.locator('.agenda-zona:not([aria-busy])').waitFor();

    assert.equal(await page.getByLabel('Fecha').inputValue(), next, 'Fecha says the day she moved to');
    assert.equal(await page.getByRole('group', { name: `Agenda del ${dayWords(fd.day, fd.clock.now())}` }).count(), 0, `the grid of ${fd.day} is still on screen under Fecha ${next}`);
    assert.equal(await slot(page, '09:00').count(), 0, `a free slot of ${fd.day} is still offered under Fecha ${next}`);
    assert.doesNotMatch(await page.locator('.resumen').innerText(), new RegExp(dayWords(fd.day, fd.clock.now())), 'the summary line does not speak of the day she left');
    assert.match(await page.locator('.agenda-zona').innerText(), new RegExp(`No se ha podido leer la agenda del ${dayWords(next, fd.clock.now())}`));

    await back();
    await page.getByRole('button', { name: 'Reintentar' }).click();
    await page.getByRole('group', { name: `Agenda del ${dayWords(next, fd.clock.now())}` }).waitFor();
    assert.match(await page.locator('.resumen').innerText(), new RegExp(`^${dayWords(next, fd.clock.now())}: `));
    await ctx.close();
  });
});
