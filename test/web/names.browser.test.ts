import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { browserSkipReason, loggedIn } from '../support/browser';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * People by their names: the header says who is logged in as she would say
 * it (a doctor's or a patient's name, from their record; the username only
 * for an admin or a secretaria, whose account is all there is of them).
 * Real headless Chromium on the real services; nothing sleeps.
 */
const skip = browserSkipReason();

/** The header's "who is logged in" line, once the shell is drawn. */
const whoSays = (page: Page): Promise<string> => page.locator('header .quien').innerText();

describe('people by their names', { skip }, () => {
  const fd = frontDeskSuite({ doctor: { nombre: 'Dra. Marta Nombre García', especialidad: 'Ortodoncia' }, patient: 'Jordi Nombre Álvarez' });

  it('the header names a doctor and a patient as themselves, with the role in words; an admin and a secretaria by their username', async () => {
    const secretaria = await fd.sys.createSecretaria();
    const expected: Array<[{ username: string; password: string }, string]> = [
      [fd.doctor, 'Dra. Marta Nombre García · Médico'],
      [fd.patient, 'Jordi Nombre Álvarez · Paciente'],
      [TEST_ADMIN, `${TEST_ADMIN.username} · Administración`],
      [secretaria, `${secretaria.username} · Secretaría`],
    ];
    for (const [who, says] of expected) {
      const { ctx, page } = await loggedIn(fd.browser, fd.web.url, who);
      assert.equal(await whoSays(page), says);
      // A reload draws the page from the session the web holds: the same words.
      await page.reload();
      await page.getByRole('button', { name: 'Salir' }).waitFor();
      assert.equal(await whoSays(page), says, `${who.username} after a reload`);
      await ctx.close();
    }
  });
});
