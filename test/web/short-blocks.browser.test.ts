import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { openAgenda } from '../support/agenda-page';
import { browserSkipReason, loggedIn } from '../support/browser';
import type { DoctorAccount, PatientAccount } from '../support/citas';
import { dayWords } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * The shortest blocks of the agenda's grid: back-to-back 15-minute citas
 * and 10- and 15-minute free slots, and a cancelled 15-minute cita beside
 * the free slot it left. Each must show its hour (and, a cita,
 * its patient and estado) on its own block, nothing of it spilling onto the
 * next one, and take a press anywhere on it; what the block's width cuts is
 * in its name. Real headless Chromium on the real services; positions are
 * the browser's own boxes (day and week, a 1280 x 800 laptop and a 375 px
 * phone), never pixels.
 */
const skip = browserSkipReason();

/** Long enough to be cut in every column: the whole of it must still reach her. */
const FIRST = 'María del Carmen Fernández-Villaverde';
const SECOND = 'José Antonio Martínez de la Rosa';
/** Her 09:30 cita was cancelled: shown with Mostrar canceladas, beside the free slot it left. */
const CANCELLED = 'Inmaculada Concepción Rodríguez-Valdés';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** A block's own box and its text's: every line's box, and how wide the first words of its first line are. */
interface Measured {
  name: string;
  box: Box;
  lines: { text: string; box: Box; start: number }[];
  hourWidth: number;
  pressed: boolean[];
}

async function measure(block: Locator): Promise<Measured> {
  await block.scrollIntoViewIfNeeded();
  return block.evaluate((el) => {
    // Boxes from the top left of the block's column: each block is scrolled into view on its own, the column moves.
    const column = el.parentElement!.getBoundingClientRect();
    const plain = (r: { x: number; y: number; width: number; height: number }) => ({ x: r.x - column.x, y: r.y - column.y, width: r.width, height: r.height });
    const spans = [...el.querySelectorAll('span')];
    const range = el.ownerDocument.createRange();
    const first = spans[0].firstChild!;
    range.setStart(first, 0);
    range.setEnd(first, 5); // "09:15"
    const hourWidth = range.getBoundingClientRect().width;
    // A line's text as drawn: as wide as its span lets it be (an ellipsis may cut it), as tall as its glyphs (a span
    // squeezed shorter than its text hides part of it, but the text is no shorter).
    const textBox = (s: (typeof spans)[number]) => {
      range.selectNodeContents(s);
      const [r, t] = [s.getBoundingClientRect(), range.getBoundingClientRect()];
      return plain({ x: r.x, y: Math.min(r.y, t.y), width: r.width, height: Math.max(r.y + r.height, t.y + t.height) - Math.min(r.y, t.y) });
    };
    /** How wide its first three letters are: a word cut shorter than that ("Pro…" for Programada) no longer says it. */
    const startWidth = (s: (typeof spans)[number]) => {
      range.setStart(s.firstChild!, 0);
      range.setEnd(s.firstChild!, Math.min(3, s.textContent!.length));
      return range.getBoundingClientRect().width;
    };
    const b = el.getBoundingClientRect();
    // Inside its border, at its four corners and its middle: a press there must reach this block, not its neighbour.
    const points = [
      [b.left + 5, b.top + 2],
      [b.right - 2, b.top + 2],
      [b.left + 5, b.bottom - 2],
      [b.right - 2, b.bottom - 2],
      [b.left + b.width / 2, b.top + b.height / 2],
    ];
    const doc = el.ownerDocument;
    return {
      name: el.getAttribute('aria-label') ?? '',
      box: plain(b),
      lines: spans.map((s) => ({ text: s.textContent ?? '', box: textBox(s), start: startWidth(s) })),
      hourWidth,
      pressed: points.map(([x, y]) => doc.elementFromPoint(x, y)?.closest('.bloque') === el),
    };
  });
}

/** `blocks`, top to bottom in one column: each readable on its own, none over the next. */
async function readable(blocks: Locator[], says: (block: Measured, i: number) => void): Promise<void> {
  const seen: Measured[] = [];
  for (const block of blocks) seen.push(await measure(block));
  seen.forEach((m, i) => {
    const where = `"${m.name}" (${JSON.stringify(m.box)})`;
    says(m, i);
    for (const line of m.lines) {
      const inside = line.box.y >= m.box.y - 0.5 && line.box.y + line.box.height <= m.box.y + m.box.height + 0.5;
      assert.ok(inside, `"${line.text}" (${JSON.stringify(line.box)}) spills out of its block ${where}`);
      assert.ok(line.box.x >= m.box.x - 0.5 && line.box.x + line.box.width <= m.box.x + m.box.width + 0.5, `"${line.text}" is wider than its block ${where}`);
    }
    assert.ok(m.lines[0].box.width >= m.hourWidth - 0.5, `the hour of ${where} is cut`);
    assert.deepEqual(m.pressed, m.pressed.map(() => true), `a press on ${where} does not reach it everywhere on it`);
    const next = seen[i + 1];
    if (!next) return;
    assert.ok(!overlap(m.box, next.box), `${where} overlaps "${next.name}" (${JSON.stringify(next.box)})`);
    for (const a of m.lines) for (const b of next.lines) assert.ok(!overlap(a.box, b.box), `"${a.text}" overlaps "${b.text}"`);
  });
}

describe('the shortest blocks of the agenda, each readable and pressable on its own', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Breve', doctor: { nombre: 'Dra. Quince Minutos', especialidad: 'Higiene dental' } });
  let diez: DoctorAccount;
  const patients: PatientAccount[] = [];

  before(async () => {
    diez = await fd.sys.createDoctor({ nombre: 'Dr. Diez Minutos', especialidad: 'Revisiones' });
    for (const [doctor, minutes] of [[fd.doctor, 15], [diez, 10]] as const) {
      const franjas = [1, 2, 3, 4, 5].map((dia) => ({ dia, desde: '09:00', hasta: '10:00' }));
      const res = await fd.sys.citas.put(`/agenda/${doctor.id}/horario`, { id_centro: fd.center.id, franjas, duracion_cita_min: minutes }, fd.sys.adminToken);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    for (const [nombre, time] of [[FIRST, '09:00'], [SECOND, '09:15']]) {
      const patient = await fd.sys.createPatient({ nombre });
      patients.push(patient);
      const res = await fd.sys.citas.post(
        '/citas',
        { fecha: `${fd.day}T${time}:00`, duracion_min: 15, motivo: 'Limpieza', id_paciente: patient.id, id_doctor: fd.doctor.id, id_centro: fd.center.id },
        fd.sys.adminToken,
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const patient = await fd.sys.createPatient({ nombre: CANCELLED });
    const booked = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T09:30:00`, duracion_min: 15, motivo: 'Limpieza', id_paciente: patient.id, id_doctor: fd.doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const cancelled = await fd.sys.citas.put(`/citas/${booked.body.id_cita}`, { estado: 'Cancelada' }, fd.sys.adminToken);
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
  });

  /** The two citas and the free slots after them in `grid` (one doctor's day, or the day's column of her week). */
  async function quinceBlocks(scope: Locator): Promise<void> {
    const citas = [scope.getByRole('button', { name: /^Cita 09:00 / }), scope.getByRole('button', { name: /^Cita 09:15 / })];
    const libres = [scope.getByRole('button', { name: /^Libre 09:30 / }).first(), scope.getByRole('button', { name: /^Libre 09:45 / }).first()];
    await readable([...citas, ...libres], ({ name, lines }, i) => {
      if (i > 1) return;
      for (const said of [['09:00', '09:15'][i], [FIRST, SECOND][i], 'Programada']) assert.ok(name.includes(said), `"${name}" does not say ${said}`);
      // Not by its colour alone (WCAG 1.4.1): the word is on the block, cut no shorter than its first letters.
      const estado = lines.find((l) => l.text.startsWith('Programada'));
      assert.ok(estado && estado.box.width >= estado.start - 0.5, `"${name}" does not show its estado in words: ${JSON.stringify(lines)}`);
    });
  }

  /**
   * The cancelled 09:30 cita, shown with Mostrar canceladas beside the free
   * slot it left: each readable and pressable all over, neither over the other.
   */
  async function cancelledBlock(scope: Locator): Promise<void> {
    const page = scope.page();
    await page.getByLabel('Mostrar canceladas').check();
    const cancelled = scope.getByRole('button', { name: /^Cita 09:30 / });
    await cancelled.waitFor();
    await readable([scope.getByRole('button', { name: /^Libre 09:30 / }).first(), cancelled], ({ name, lines }, i) => {
      if (i === 0) return;
      for (const said of ['09:30', CANCELLED, 'Cancelada']) assert.ok(name.includes(said), `"${name}" does not say ${said}`);
      const estado = lines.find((l) => l.text.startsWith('Cancelada'));
      assert.ok(estado && estado.box.width >= estado.start - 0.5, `"${name}" does not show its estado in words: ${JSON.stringify(lines)}`);
    });
    await page.getByLabel('Mostrar canceladas').uncheck();
    await cancelled.waitFor({ state: 'detached' });
  }

  async function diezBlocks(scope: Locator): Promise<void> {
    const times = ['09:00', '09:10', '09:20', '09:30', '09:40', '09:50'];
    await readable(
      times.map((t) => scope.getByRole('button', { name: new RegExp(`^Libre ${t} `) }).first()),
      ({ name }, i) => assert.ok(name.startsWith(`Libre ${times[i]}`), `"${name}" does not say its hour`),
    );
  }

  async function dayAndWeek(page: Page): Promise<void> {
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    const day = page.getByRole('group', { name: `Agenda del ${dayWords(fd.day, fd.clock.now())}` });
    await day.getByRole('button', { name: /^Cita 09:15 / }).waitFor();
    await quinceBlocks(day);
    await cancelledBlock(day);
    await page.getByLabel('Doctor').selectOption(String(diez.id));
    await page.getByRole('group', { name: `Agenda del ${dayWords(fd.day, fd.clock.now())}` }).getByRole('region', { name: /^Dr\. Diez Minutos/ }).waitFor();
    await diezBlocks(page.getByRole('group', { name: `Agenda del ${dayWords(fd.day, fd.clock.now())}` }));

    await page.getByRole('button', { name: 'Semana' }).click();
    const diezWeek = page.getByRole('group', { name: 'Semana de Dr. Diez Minutos' });
    await diezWeek.getByRole('button', { name: /^Libre 09:50 / }).first().waitFor();
    await diezBlocks(diezWeek);
    await page.getByLabel('Doctor').selectOption(String(fd.doctor.id));
    const quinceWeek = page.getByRole('group', { name: 'Semana de Dra. Quince Minutos' });
    await quinceWeek.getByRole('button', { name: /^Cita 09:15 / }).waitFor();
    await quinceBlocks(quinceWeek);
    await cancelledBlock(quinceWeek);
  }

  const screens = [
    ['a 1280 x 800 laptop', { width: 1280, height: 800 }],
    ['a 375 px phone', { width: 375, height: 812 }],
  ] as const;
  for (const [screen, viewport] of screens) {
    it(`on ${screen}, day and week`, async () => {
      const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN, viewport);
      try {
        await dayAndWeek(page);
      } finally {
        await ctx.close();
      }
    });
  }
});
