import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Absences, Schedules } from '../../core/ports/agenda';

/**
 * What Schedules and Absences must do, run against the in-memory fakes
 * (test/unit/agenda/in-memory-agenda.test.ts) and the SQLite adapters on a
 * real file (test/adapters/sqlite-agenda.test.ts), so the fakes the use-case
 * tests rely on behave like production storage.
 */
export interface AgendaStorageUnderTest {
  schedules: Schedules;
  absences: Absences;
  close(): void;
}

const d = (iso: string) => new Date(iso);

export function agendaContract(name: string, make: () => AgendaStorageUnderTest): void {
  describe(`Schedules and Absences contract: ${name}`, () => {
    let s: AgendaStorageUnderTest;
    before(() => {
      s = make();
    });
    after(() => s?.close());

    it('has no schedule for a doctor never given one', async () => {
      assert.deepEqual(await s.schedules.forDoctor(404), []);
    });

    it('stores a schedule per center, franjas sorted by day and hour, centers in order', async () => {
      await s.schedules.replace({
        idDoctor: 1,
        idCentro: 7,
        duracionCitaMin: 20,
        franjas: [{ dia: 3, desde: '16:00', hasta: '24:00' }, { dia: 1, desde: '09:00', hasta: '14:00' }, { dia: 1, desde: '08:00', hasta: '09:00' }],
      });
      await s.schedules.replace({ idDoctor: 1, idCentro: 2, duracionCitaMin: 30, franjas: [{ dia: 6, desde: '10:00', hasta: '12:00' }] });
      await s.schedules.replace({ idDoctor: 2, idCentro: 2, duracionCitaMin: 30, franjas: [{ dia: 6, desde: '10:00', hasta: '12:00' }] });
      assert.deepEqual(await s.schedules.forDoctor(1), [
        { idDoctor: 1, idCentro: 2, duracionCitaMin: 30, franjas: [{ dia: 6, desde: '10:00', hasta: '12:00' }] },
        {
          idDoctor: 1,
          idCentro: 7,
          duracionCitaMin: 20,
          franjas: [{ dia: 1, desde: '08:00', hasta: '09:00' }, { dia: 1, desde: '09:00', hasta: '14:00' }, { dia: 3, desde: '16:00', hasta: '24:00' }],
        },
      ]);
    });

    it('replaces one center\'s schedule whole, and removes it with no franjas', async () => {
      await s.schedules.replace({ idDoctor: 3, idCentro: 1, duracionCitaMin: 30, franjas: [{ dia: 1, desde: '09:00', hasta: '10:00' }, { dia: 2, desde: '09:00', hasta: '10:00' }] });
      await s.schedules.replace({ idDoctor: 3, idCentro: 1, duracionCitaMin: 45, franjas: [{ dia: 5, desde: '11:00', hasta: '12:00' }] });
      assert.deepEqual(await s.schedules.forDoctor(3), [{ idDoctor: 3, idCentro: 1, duracionCitaMin: 45, franjas: [{ dia: 5, desde: '11:00', hasta: '12:00' }] }]);
      await s.schedules.replace({ idDoctor: 3, idCentro: 1, duracionCitaMin: 30, franjas: [] });
      assert.deepEqual(await s.schedules.forDoctor(3), []);
    });

    it('hands out copies: changing an answer changes nothing stored', async () => {
      await s.schedules.replace({ idDoctor: 4, idCentro: 1, duracionCitaMin: 30, franjas: [{ dia: 1, desde: '09:00', hasta: '10:00' }] });
      (await s.schedules.forDoctor(4))[0].franjas[0].hasta = '23:00';
      assert.equal((await s.schedules.forDoctor(4))[0].franjas[0].hasta, '10:00');
    });

    it('stores absences with ids and gives them back per doctor', async () => {
      const a = await s.absences.add({ idDoctor: 10, desde: d('2026-04-06T07:00:00Z'), hasta: d('2026-04-06T12:00:00Z'), motivo: 'Curso' });
      const b = await s.absences.add({ idDoctor: 10, desde: d('2026-04-07T07:00:00Z'), hasta: d('2026-04-07T12:00:00Z'), motivo: null });
      assert.ok(a.id > 0 && b.id > a.id);
      assert.deepEqual(await s.absences.byId(10, a.id), a);
      assert.equal(await s.absences.byId(11, a.id), undefined, 'not through another doctor');
    });

    it('finds absences overlapping an interval, half-open at both ends', async () => {
      await s.absences.add({ idDoctor: 20, desde: d('2026-05-01T10:00:00Z'), hasta: d('2026-05-01T11:00:00Z'), motivo: null });
      const ov = async (from: string, to: string) => (await s.absences.overlapping(20, d(from), d(to))).length;
      assert.equal(await ov('2026-05-01T09:00:00Z', '2026-05-01T10:00:00Z'), 0, 'ends when it starts');
      assert.equal(await ov('2026-05-01T11:00:00Z', '2026-05-01T12:00:00Z'), 0, 'starts when it ends');
      assert.equal(await ov('2026-05-01T10:59:00Z', '2026-05-01T12:00:00Z'), 1);
      assert.equal(await ov('2026-05-01T00:00:00Z', '2026-05-02T00:00:00Z'), 1);
      assert.equal((await s.absences.overlapping(21, d('2026-05-01T00:00:00Z'), d('2026-05-02T00:00:00Z'))).length, 0);
    });

    it('lists absences by desde, filtered by period, with totals for paging', async () => {
      for (const day of ['2026-06-20', '2026-06-10', '2026-07-01']) {
        await s.absences.add({ idDoctor: 30, desde: d(`${day}T08:00:00Z`), hasta: d(`${day}T18:00:00Z`), motivo: day });
      }
      const p1 = await s.absences.list(30, {}, { page: 1, pageSize: 2 });
      assert.equal(p1.total, 3);
      assert.deepEqual(p1.items.map((a) => a.motivo), ['2026-06-10', '2026-06-20']);
      assert.deepEqual((await s.absences.list(30, {}, { page: 2, pageSize: 2 })).items.map((a) => a.motivo), ['2026-07-01']);
      const mid = await s.absences.list(30, { desde: d('2026-06-10T18:00:00Z'), hasta: d('2026-07-01T08:00:00Z') }, { page: 1, pageSize: 10 });
      assert.deepEqual(mid.items.map((a) => a.motivo), ['2026-06-20'], 'bounds are half-open');
      assert.equal(mid.total, 1);
    });

    it('removes an absence of that doctor only, once', async () => {
      const a = await s.absences.add({ idDoctor: 40, desde: d('2026-08-01T08:00:00Z'), hasta: d('2026-08-01T09:00:00Z'), motivo: null });
      assert.equal(await s.absences.remove(41, a.id), false);
      assert.equal(await s.absences.remove(40, a.id), true);
      assert.equal(await s.absences.remove(40, a.id), false);
      assert.equal(await s.absences.byId(40, a.id), undefined);
    });
  });
}
