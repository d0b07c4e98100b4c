import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { openAgenda } from '../support/agenda-page';
import { browserSkipReason, loggedIn } from '../support/browser';
import type { Account } from '../support/citas';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * A clinic where reception does not book (RESERVA_SECRETARIA=false, the
 * default): the secretaria sees free slots in the agenda and in Próximos
 * huecos that she cannot take, and is told why, once, where she looks for
 * them; a free slot does not look pressable nor say "reservar". Real
 * headless Chromium on the real services, on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();

/** The sentence that tells a person who cannot book who does. */
const WHO_BOOKS = /reservan las citas el propio paciente o la administración/;

describe('a secretaria in a clinic where reception does not book', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Quién', doctor: { nombre: 'Dra. Rosa Libre', especialidad: 'Periodoncia' } });
  let secretaria: Account;

  before(async () => {
    secretaria = await fd.sys.createSecretaria();
  });

  /** How a free slot looks to the eye and to a screen reader: its role, its name, its cursor and hover background. */
  async function freeSlotLook(page: Page): Promise<{ role: string; label: string; cursor: string; hoverChanges: boolean }> {
    const libre = page.locator('.bloque.hueco').first();
    const before = await libre.evaluate((el) => (globalThis as any).getComputedStyle(el).backgroundColor as string);
    await libre.hover();
    return libre.evaluate(
      (el, bg) => ({
        role: el.getAttribute('role') ?? el.tagName.toLowerCase(),
        label: el.getAttribute('aria-label') ?? '',
        cursor: (globalThis as any).getComputedStyle(el).cursor as string,
        hoverChanges: (globalThis as any).getComputedStyle(el).backgroundColor !== bg,
      }),
      before,
    );
  }

  it('the agenda says once, by its free slots, who books them, and a free slot is not a button', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    assert.equal(await page.getByRole('link', { name: 'Reservar' }).count(), 0, 'no Reservar in her menu');
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);

    const said = page.locator('main').getByText(WHO_BOOKS);
    await said.waitFor();
    assert.equal(await said.count(), 1, 'said once');
    const look = await freeSlotLook(page);
    assert.equal(look.role, 'note', 'a free slot she cannot take is not a button');
    assert.doesNotMatch(look.label, /reserv/i, `its name does not offer booking: ${look.label}`);
    assert.notEqual(look.cursor, 'pointer', 'it does not show a hand');
    assert.equal(look.hoverChanges, false, 'it does not light up under the mouse');
    await ctx.close();
  });

  it('Próximos huecos says who books its slots, and offers no Reservar', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    await page.getByRole('link', { name: 'Próximos huecos' }).click();
    await page.getByRole('heading', { name: 'Próximos huecos', level: 1 }).waitFor();
    await page.getByLabel('Especialidad').selectOption('Periodoncia');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByRole('table').getByRole('cell', { name: 'Dra. Rosa Libre' }).first().waitFor();

    assert.equal(await page.locator('main').getByText(WHO_BOOKS).count(), 1, 'said once, with the list');
    assert.equal(await page.getByRole('button', { name: /^Reservar/ }).count(), 0, 'no slot offers Reservar');
    await ctx.close();
  });

  it('an admin, who books, is not told', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await page.getByRole('button', { name: /^Libre / }).first().waitFor();
    assert.equal(await page.locator('main').getByText(WHO_BOOKS).count(), 0);
    await ctx.close();
  });
});
