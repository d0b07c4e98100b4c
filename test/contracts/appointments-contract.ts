import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Appointments } from '../../core/ports/appointments';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import { dayBounds } from '../../core/domain/clinic-time';
import { doctorBusy, patientBusy } from '../../core/domain/booking-refusals';
import { aCita } from '../builders/cita';
import type { CitasStorageUnderTest, MakeCitasStorage } from './citas-storage';

const PAGE = { page: 1, pageSize: 50 };
const at = (iso: string): Date => new Date(iso);

/** What every Appointments implementation must do; run against the fake and SQLite. */
export function appointmentsContract(name: string, make: MakeCitasStorage): void {
  describe(`Appointments contract: ${name}`, () => {
    let made: CitasStorageUnderTest;
    let repo: Appointments;
    let uow: UnitOfWork;
    beforeEach(() => {
      made = make();
      repo = made.storage.appointments;
      uow = made.storage.uow;
    });
    afterEach(() => made.close());

    it('stores a cita, gives it an id, and reads it back equal, optional fields included', async () => {
      const a = await repo.add(aCita().at('2026-03-30T08:00:00Z').lasting(45).withMotivo('Endodoncia ñ €').build());
      const b = await repo.add({ ...aCita().at('2026-03-31T08:00:00Z').build(), idCitaAnterior: a.id });
      assert.ok(a.id > 0 && b.id > a.id);
      assert.deepEqual(await repo.byId(a.id), a);
      assert.equal((await repo.byId(a.id))?.inicio.toISOString(), '2026-03-30T08:00:00.000Z');
      assert.equal((await repo.byId(b.id))?.idCitaAnterior, a.id);
      assert.equal('idCitaNueva' in (await repo.byId(a.id))!, false, 'absent optional fields stay absent');
      assert.equal(await repo.byId(9999), undefined);
    });

    it('updates estado, links and motivo de cancelación', async () => {
      const a = await repo.add(aCita().build());
      const b = await repo.add(aCita().at('2026-04-01T08:00:00Z').build());
      await repo.update({ ...a, estado: 'Cancelada', idCitaNueva: b.id, motivoCancelacion: 'Reprogramada' });
      assert.deepEqual(await repo.byId(a.id), { ...a, estado: 'Cancelada', idCitaNueva: b.id, motivoCancelacion: 'Reprogramada' });
    });

    it('hands out copies: changing a returned cita changes nothing stored', async () => {
      const a = await repo.add(aCita().build());
      a.estado = 'Cancelada';
      a.inicio.setTime(0);
      assert.equal((await repo.byId(a.id))?.estado, 'Programada');
      assert.equal((await repo.byId(a.id))?.inicio.toISOString(), '2026-03-30T08:00:00.000Z');
    });

    it('finds active citas overlapping a half-open interval, for a doctor or a patient, ordered by start', async () => {
      const a = await repo.add(aCita().forDoctor(1).forPatient(1).at('2026-03-30T08:00:00Z').build());
      const b = await repo.add(aCita().forDoctor(1).forPatient(2).at('2026-03-30T08:30:00Z').build());
      await repo.add(aCita().forDoctor(2).forPatient(3).at('2026-03-30T08:15:00Z').build());
      const q = async (desde: string, hasta: string, extra = {}) =>
        (await repo.activeOverlapping({ idDoctor: 1, desde: at(desde), hasta: at(hasta), ...extra })).map((c) => c.id);
      assert.deepEqual(await q('2026-03-30T08:29:00Z', '2026-03-30T08:31:00Z'), [a.id, b.id]);
      assert.deepEqual(await q('2026-03-30T07:30:00Z', '2026-03-30T08:00:00Z'), [], 'ending where it starts is no overlap');
      assert.deepEqual(await q('2026-03-30T09:00:00Z', '2026-03-30T09:30:00Z'), [], 'starting where it ends is no overlap');
      assert.deepEqual(await q('2026-03-30T08:29:00Z', '2026-03-30T08:31:00Z', { excludeIds: [a.id] }), [b.id]);
      assert.deepEqual(
        (await repo.activeOverlapping({ idPaciente: 3, desde: at('2026-03-30T08:00:00Z'), hasta: at('2026-03-30T09:00:00Z') })).map((c) => c.idDoctor),
        [2],
      );
    });

    it('ignores citas that do not occupy the agenda (Cancelada, Atendida, NoAsistio)', async () => {
      for (const estado of ['Cancelada', 'Atendida', 'NoAsistio'] as const) {
        await repo.add(aCita().withEstado(estado).build());
      }
      const confirmed = await repo.add(aCita().forDoctor(2).withEstado('Confirmada').build());
      const found = await repo.activeOverlapping({ desde: at('2026-03-30T00:00:00Z'), hasta: at('2026-03-31T00:00:00Z') });
      assert.deepEqual(found.map((c) => c.id), [confirmed.id]);
    });

    it('finds a long cita that started hours before the interval', async () => {
      const long = await repo.add(aCita().at('2026-03-30T01:00:00Z').lasting(480).build());
      assert.deepEqual((await repo.activeOverlapping({ idDoctor: 1, desde: at('2026-03-30T08:59:00Z'), hasta: at('2026-03-30T09:30:00Z') })).map((c) => c.id), [long.id]);
      assert.deepEqual(await repo.activeOverlapping({ idDoctor: 1, desde: at('2026-03-30T09:00:00Z'), hasta: at('2026-03-30T09:30:00Z') }), []);
    });

    it('compares instants, not wall clocks: the two 02:30s of 2026-10-25 are different slots', async () => {
      const first = await repo.add(aCita().at('2026-10-25T00:30:00Z').build());
      const second = await repo.add(aCita().forPatient(2).at('2026-10-25T01:30:00Z').build());
      const q = async (iso: string) => (await repo.activeOverlapping({ idDoctor: 1, desde: at(iso), hasta: new Date(at(iso).getTime() + 30 * 60_000) })).map((c) => c.id);
      assert.deepEqual(await q('2026-10-25T00:30:00Z'), [first.id]);
      assert.deepEqual(await q('2026-10-25T01:30:00Z'), [second.id]);
    });

    it('counts a patient\'s active citas starting strictly after now', async () => {
      await repo.add(aCita().forPatient(1).at('2026-03-30T08:00:00Z').build());
      await repo.add(aCita().forPatient(1).forDoctor(2).at('2026-03-31T08:00:00Z').withEstado('Confirmada').build());
      await repo.add(aCita().forPatient(1).forDoctor(3).at('2026-04-01T08:00:00Z').withEstado('Cancelada').build());
      await repo.add(aCita().forPatient(2).at('2026-04-02T08:00:00Z').build());
      assert.equal(await repo.countFutureActive(1, at('2026-03-29T00:00:00Z')), 2);
      assert.equal(await repo.countFutureActive(1, at('2026-03-30T08:00:00Z')), 1, 'a cita starting now is not in the future');
      assert.equal(await repo.countFutureActive(3, at('2026-03-29T00:00:00Z')), 0);
    });

    it('lists with filters, a day as [desde, hasta), ordered by start then id, with totals and pages', async () => {
      const day = dayBounds('2026-03-29'); // 23 h: 2026-03-28T23:00Z .. 2026-03-29T22:00Z
      const early = await repo.add(aCita().at('2026-03-28T23:00:00Z').build());
      const late = await repo.add(aCita().forPatient(2).atCenter(2).at('2026-03-29T21:30:00Z').build());
      const sameStart = await repo.add(aCita().forDoctor(2).forPatient(3).atCenter(2).at('2026-03-29T21:30:00Z').withEstado('Cancelada').build());
      await repo.add(aCita().at('2026-03-29T22:00:00Z').build());
      await repo.add(aCita().forDoctor(3).forPatient(4).at('2026-03-28T22:59:00Z').build());

      const ids = async (f = {}, page = PAGE) => (await repo.list(f, page)).items.map((c) => c.id);
      assert.deepEqual(await ids(day), [early.id, late.id, sameStart.id]);
      assert.deepEqual(await ids({ ...day, idCentro: 2 }), [late.id, sameStart.id]);
      assert.deepEqual(await ids({ ...day, estado: 'Cancelada' }), [sameStart.id]);
      assert.deepEqual(await ids({ idDoctor: 2 }), [sameStart.id]);
      assert.deepEqual(await ids({ idPaciente: 2 }), [late.id]);
      const page2 = await repo.list(day, { page: 2, pageSize: 2 });
      assert.deepEqual([page2.items.map((c) => c.id), page2.total, page2.page, page2.pageSize], [[sameStart.id], 3, 2, 2]);
      assert.equal((await repo.list({}, PAGE)).total, 5);
    });

    it('refuses to store a double booking, as the booking rule would (last line of defence)', async () => {
      const a = await repo.add(aCita().forDoctor(1).forPatient(1).at('2026-03-30T08:00:00Z').build());
      // In the rule's own words for a refusal that knows nobody (booking-refusals.ts): every store says it alike.
      const words: Record<string, string> = { DOCTOR_OCUPADO: doctorBusy().message, PACIENTE_OCUPADO: patientBusy().message };
      const refuses = (code: string, fn: () => Promise<unknown>) =>
        assert.rejects(fn, (err: unknown) => {
          const e = err as { code?: string; message?: string };
          assert.deepEqual([e.code, e.message], [code, words[code]]);
          return true;
        });
      await refuses('DOCTOR_OCUPADO', () => repo.add(aCita().forDoctor(1).forPatient(2).at('2026-03-30T08:29:00Z').build()));
      await refuses('PACIENTE_OCUPADO', () => repo.add(aCita().forDoctor(2).forPatient(1).at('2026-03-30T07:31:00Z').build()));
      const b = await repo.add(aCita().forDoctor(1).forPatient(2).at('2026-03-30T08:15:00Z').withEstado('Cancelada').build());
      await refuses('DOCTOR_OCUPADO', () => repo.update({ ...b, estado: 'Programada' }));
      await repo.update({ ...a, estado: 'Confirmada' });
      assert.equal((await repo.list({}, PAGE)).total, 2);
      assert.equal((await repo.byId(b.id))?.estado, 'Cancelada');
    });

    it('takes part in the unit of work: a failed run stores nothing', async () => {
      const kept = await repo.add(aCita().build());
      await assert.rejects(() =>
        uow.run(async () => {
          await repo.add(aCita().forDoctor(2).forPatient(2).build());
          await repo.update({ ...kept, estado: 'Cancelada' });
          throw new Error('boom');
        }),
      /boom/);
      assert.equal((await repo.list({}, PAGE)).total, 1);
      assert.equal((await repo.byId(kept.id))?.estado, 'Programada');
    });
  });
}
