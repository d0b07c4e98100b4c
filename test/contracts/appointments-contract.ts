import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Appointments } from '../../core/ports/appointments';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import { dayBounds } from '../../core/domain/clinic-time';
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

    it('stores a cita, gives it an id, and reads it back equal, optional fields included', () => {
      const a = repo.add(aCita().at('2026-03-30T08:00:00Z').lasting(45).withMotivo('Endodoncia ñ €').build());
      const b = repo.add({ ...aCita().at('2026-03-31T08:00:00Z').build(), idCitaAnterior: a.id });
      assert.ok(a.id > 0 && b.id > a.id);
      assert.deepEqual(repo.byId(a.id), a);
      assert.equal(repo.byId(a.id)?.inicio.toISOString(), '2026-03-30T08:00:00.000Z');
      assert.equal(repo.byId(b.id)?.idCitaAnterior, a.id);
      assert.equal('idCitaNueva' in repo.byId(a.id)!, false, 'absent optional fields stay absent');
      assert.equal(repo.byId(9999), undefined);
    });

    it('updates estado, links and motivo de cancelación', () => {
      const a = repo.add(aCita().build());
      const b = repo.add(aCita().at('2026-04-01T08:00:00Z').build());
      repo.update({ ...a, estado: 'Cancelada', idCitaNueva: b.id, motivoCancelacion: 'Reprogramada' });
      assert.deepEqual(repo.byId(a.id), { ...a, estado: 'Cancelada', idCitaNueva: b.id, motivoCancelacion: 'Reprogramada' });
    });

    it('hands out copies: changing a returned cita changes nothing stored', () => {
      const a = repo.add(aCita().build());
      a.estado = 'Cancelada';
      a.inicio.setTime(0);
      assert.equal(repo.byId(a.id)?.estado, 'Programada');
      assert.equal(repo.byId(a.id)?.inicio.toISOString(), '2026-03-30T08:00:00.000Z');
    });

    it('finds active citas overlapping a half-open interval, for a doctor or a patient, ordered by start', () => {
      const a = repo.add(aCita().forDoctor(1).forPatient(1).at('2026-03-30T08:00:00Z').build());
      const b = repo.add(aCita().forDoctor(1).forPatient(2).at('2026-03-30T08:30:00Z').build());
      repo.add(aCita().forDoctor(2).forPatient(3).at('2026-03-30T08:15:00Z').build());
      const q = (desde: string, hasta: string, extra = {}) =>
        repo.activeOverlapping({ idDoctor: 1, desde: at(desde), hasta: at(hasta), ...extra }).map((c) => c.id);
      assert.deepEqual(q('2026-03-30T08:29:00Z', '2026-03-30T08:31:00Z'), [a.id, b.id]);
      assert.deepEqual(q('2026-03-30T07:30:00Z', '2026-03-30T08:00:00Z'), [], 'ending where it starts is no overlap');
      assert.deepEqual(q('2026-03-30T09:00:00Z', '2026-03-30T09:30:00Z'), [], 'starting where it ends is no overlap');
      assert.deepEqual(q('2026-03-30T08:29:00Z', '2026-03-30T08:31:00Z', { excludeIds: [a.id] }), [b.id]);
      assert.deepEqual(
        repo.activeOverlapping({ idPaciente: 3, desde: at('2026-03-30T08:00:00Z'), hasta: at('2026-03-30T09:00:00Z') }).map((c) => c.idDoctor),
        [2],
      );
    });

    it('ignores citas that do not occupy the agenda (Cancelada, Atendida, NoAsistio)', () => {
      for (const estado of ['Cancelada', 'Atendida', 'NoAsistio'] as const) {
        repo.add(aCita().withEstado(estado).build());
      }
      const confirmed = repo.add(aCita().forDoctor(2).withEstado('Confirmada').build());
      const found = repo.activeOverlapping({ desde: at('2026-03-30T00:00:00Z'), hasta: at('2026-03-31T00:00:00Z') });
      assert.deepEqual(found.map((c) => c.id), [confirmed.id]);
    });

    it('finds a long cita that started hours before the interval', () => {
      const long = repo.add(aCita().at('2026-03-30T01:00:00Z').lasting(480).build());
      assert.deepEqual(repo.activeOverlapping({ idDoctor: 1, desde: at('2026-03-30T08:59:00Z'), hasta: at('2026-03-30T09:30:00Z') }).map((c) => c.id), [long.id]);
      assert.deepEqual(repo.activeOverlapping({ idDoctor: 1, desde: at('2026-03-30T09:00:00Z'), hasta: at('2026-03-30T09:30:00Z') }), []);
    });

    it('compares instants, not wall clocks: the two 02:30s of 2026-10-25 are different slots', () => {
      const first = repo.add(aCita().at('2026-10-25T00:30:00Z').build());
      const second = repo.add(aCita().forPatient(2).at('2026-10-25T01:30:00Z').build());
      const q = (iso: string) => repo.activeOverlapping({ idDoctor: 1, desde: at(iso), hasta: new Date(at(iso).getTime() + 30 * 60_000) }).map((c) => c.id);
      assert.deepEqual(q('2026-10-25T00:30:00Z'), [first.id]);
      assert.deepEqual(q('2026-10-25T01:30:00Z'), [second.id]);
    });

    it('counts a patient\'s active citas starting strictly after now', () => {
      repo.add(aCita().forPatient(1).at('2026-03-30T08:00:00Z').build());
      repo.add(aCita().forPatient(1).forDoctor(2).at('2026-03-31T08:00:00Z').withEstado('Confirmada').build());
      repo.add(aCita().forPatient(1).forDoctor(3).at('2026-04-01T08:00:00Z').withEstado('Cancelada').build());
      repo.add(aCita().forPatient(2).at('2026-04-02T08:00:00Z').build());
      assert.equal(repo.countFutureActive(1, at('2026-03-29T00:00:00Z')), 2);
      assert.equal(repo.countFutureActive(1, at('2026-03-30T08:00:00Z')), 1, 'a cita starting now is not in the future');
      assert.equal(repo.countFutureActive(3, at('2026-03-29T00:00:00Z')), 0);
    });

    it('lists with filters, a day as [desde, hasta), ordered by start then id, with totals and pages', () => {
      const day = dayBounds('2026-03-29'); // 23 h: 2026-03-28T23:00Z .. 2026-03-29T22:00Z
      const early = repo.add(aCita().at('2026-03-28T23:00:00Z').build());
      const late = repo.add(aCita().forPatient(2).atCenter(2).at('2026-03-29T21:30:00Z').build());
      const sameStart = repo.add(aCita().forDoctor(2).forPatient(3).atCenter(2).at('2026-03-29T21:30:00Z').withEstado('Cancelada').build());
      repo.add(aCita().at('2026-03-29T22:00:00Z').build());
      repo.add(aCita().forDoctor(3).forPatient(4).at('2026-03-28T22:59:00Z').build());

      const ids = (f = {}, page = PAGE) => repo.list(f, page).items.map((c) => c.id);
      assert.deepEqual(ids(day), [early.id, late.id, sameStart.id]);
      assert.deepEqual(ids({ ...day, idCentro: 2 }), [late.id, sameStart.id]);
      assert.deepEqual(ids({ ...day, estado: 'Cancelada' }), [sameStart.id]);
      assert.deepEqual(ids({ idDoctor: 2 }), [sameStart.id]);
      assert.deepEqual(ids({ idPaciente: 2 }), [late.id]);
      const page2 = repo.list(day, { page: 2, pageSize: 2 });
      assert.deepEqual([page2.items.map((c) => c.id), page2.total, page2.page, page2.pageSize], [[sameStart.id], 3, 2, 2]);
      assert.equal(repo.list({}, PAGE).total, 5);
    });

    it('refuses to store a double booking, as the booking rule would (last line of defence)', () => {
      const a = repo.add(aCita().forDoctor(1).forPatient(1).at('2026-03-30T08:00:00Z').build());
      const refuses = (code: string, fn: () => unknown) =>
        assert.throws(fn, (err: unknown) => (err as { code?: string }).code === code);
      refuses('DOCTOR_OCUPADO', () => repo.add(aCita().forDoctor(1).forPatient(2).at('2026-03-30T08:29:00Z').build()));
      refuses('PACIENTE_OCUPADO', () => repo.add(aCita().forDoctor(2).forPatient(1).at('2026-03-30T07:31:00Z').build()));
      const b = repo.add(aCita().forDoctor(1).forPatient(2).at('2026-03-30T08:15:00Z').withEstado('Cancelada').build());
      refuses('DOCTOR_OCUPADO', () => repo.update({ ...b, estado: 'Programada' }));
      repo.update({ ...a, estado: 'Confirmada' });
      assert.equal(repo.list({}, PAGE).total, 2);
      assert.equal(repo.byId(b.id)?.estado, 'Cancelada');
    });

    it('takes part in the unit of work: a failed run stores nothing', () => {
      const kept = repo.add(aCita().build());
      assert.throws(() =>
        uow.run(() => {
          repo.add(aCita().forDoctor(2).forPatient(2).build());
          repo.update({ ...kept, estado: 'Cancelada' });
          throw new Error('boom');
        }),
      /boom/);
      assert.equal(repo.list({}, PAGE).total, 1);
      assert.equal(repo.byId(kept.id)?.estado, 'Programada');
    });
  });
}
