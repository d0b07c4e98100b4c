import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NewCita } from '../../core/domain/appointment';
import { finOf } from '../../core/domain/appointment';
import { DomainError } from '../../core/domain/errors';
import type { HistoryEntry } from '../../core/ports/history';
import { aCita } from '../builders/cita';
import type { CitasStorage, CitasStorageUnderTest, MakeCitasStorage } from './citas-storage';

const PAGE = { page: 1, pageSize: 50 };
/** A run that never ends must fail the test, not hang the suite. */
const TIMEOUT = { timeout: 20_000 };

/** Lets the rest of the process run (timers, I/O, other requests' code) before going on. */
const otherCodeRuns = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function created(idCita: number): HistoryEntry {
  return { idCita, cuando: new Date('2026-03-01T10:00:00Z'), idUser: 1, rol: 'admin', accion: 'creada', antes: null, despues: null };
}

/** A promise the test settles when it wants. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * What UnitOfWork.run promises (core/ports/unit-of-work.ts), written against
 * the citas storage ports only, so the fakes, SQLite and a PostgreSQL adapter
 * all run it: all or nothing across awaited calls, calls from outside never
 * see nor share the open transaction, "check, then write" has no race, and a
 * nested run joins the outer one.
 */
export function unitOfWorkContract(name: string, make: MakeCitasStorage): void {
  describe(`UnitOfWork contract: ${name}`, () => {
    let made: CitasStorageUnderTest;
    let s: CitasStorage;
    beforeEach(() => {
      made = make();
      s = made.storage;
    });
    afterEach(() => made.close());

    it('commits every write of a work that awaits several repository calls', TIMEOUT, async () => {
      const cita = await s.uow.run(async () => {
        const c = await s.appointments.add(aCita().build());
        await s.history.record(created(c.id));
        return c;
      });
      assert.deepEqual(await s.appointments.byId(cita.id), cita);
      assert.equal((await s.history.listFor(cita.id)).length, 1);
    });

    it('keeps none of them when the work throws after two writes, and rethrows', TIMEOUT, async () => {
      let id = 0;
      await assert.rejects(
        s.uow.run(async () => {
          const c = await s.appointments.add(aCita().build());
          id = c.id;
          await s.history.record(created(c.id));
          throw new Error('a later rule failed');
        }),
        /a later rule failed/,
      );
      assert.equal((await s.appointments.list({}, PAGE)).total, 0);
      assert.deepEqual(await s.history.listFor(id), []);
    });

    it('keeps calls from outside out of the open transaction: they never see its writes and are not rolled back with it', TIMEOUT, async () => {
      const inside = aCita().forDoctor(1).forPatient(1).withMotivo('dentro').build();
      const outside = aCita().forDoctor(2).forPatient(2).at('2026-03-31T08:00:00Z').withMotivo('fuera').build();
      const wrote = signal();
      const fail = signal();
      const run = s.uow.run(async () => {
        await s.appointments.add(inside);
        wrote.resolve();
        await fail.promise; // the transaction stays open while the rest of the process runs
        throw new Error('rolled back');
      });
      const settled = run.catch((err: unknown) => err);
      await wrote.promise;
      await otherCodeRuns();

      // Another request's calls, started while the run is open (from outside its asynchronous context).
      const outsideWrite = s.appointments.add(outside);
      const outsideRead = s.appointments.list({}, PAGE);
      await otherCodeRuns();
      fail.resolve();

      assert.match(String(await settled), /rolled back/);
      const stored = await outsideWrite;
      assert.ok(!(await outsideRead).items.some((c) => c.motivo === 'dentro'), 'an outside read never sees an uncommitted write');
      const after = await s.appointments.list({}, PAGE);
      assert.deepEqual(
        after.items.map((c) => c.motivo),
        ['fuera'],
        'the outside write survives the rollback; the inside one does not',
      );
      assert.deepEqual(await s.appointments.byId(stored.id), stored);
    });

    it('lets only one of two concurrent "check there is no overlapping cita, then add" runs for one slot succeed', TIMEOUT, async () => {
      const book = (idPaciente: number) =>
        s.uow.run(async () => {
          const wanted: NewCita = aCita().forDoctor(1).forPatient(idPaciente).build();
          const clash = await s.appointments.activeOverlapping({ idDoctor: 1, desde: wanted.inicio, hasta: finOf(wanted) });
          await otherCodeRuns(); // widen the window between the check and the write
          if (clash.length > 0) throw new DomainError('DOCTOR_OCUPADO', 'El doctor ya tiene otra cita que se solapa con ese horario.');
          return s.appointments.add(wanted);
        });
      const results = await Promise.allSettled([book(1), book(2)]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const lost = results.find((r) => r.status === 'rejected');
      assert.equal((lost?.reason as { code?: string })?.code, 'DOCTOR_OCUPADO');
      assert.equal((await s.appointments.list({}, PAGE)).total, 1);
    });

    it('lets only one of two concurrent "count, then add under a cap" runs succeed, where only isolation can tell', TIMEOUT, async () => {
      // The store enforces no cap: the second run must see the first one's cita, or wait for it, or be re-run.
      const now = new Date('2026-03-01T00:00:00Z');
      const book = (inicio: string) =>
        s.uow.run(async () => {
          const held = await s.appointments.countFutureActive(1, now);
          await otherCodeRuns();
          if (held >= 1) throw new DomainError('LIMITE_CITAS', 'El paciente ya tiene el máximo de citas futuras.');
          return s.appointments.add(aCita().forPatient(1).forDoctor(inicio.endsWith('08:00:00Z') ? 1 : 2).at(inicio).build());
        });
      const results = await Promise.allSettled([book('2026-03-30T08:00:00Z'), book('2026-03-31T10:00:00Z')]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.equal(await s.appointments.countFutureActive(1, now), 1);
    });

    it('joins a nested run to the outer one: it sees the outer writes, commits with it and rolls back with it', TIMEOUT, async () => {
      const kept = await s.uow.run(async () => {
        const outer = await s.appointments.add(aCita().build());
        const inner = await s.uow.run(async () => {
          assert.deepEqual(await s.appointments.byId(outer.id), outer, 'the nested run sees the outer one\'s uncommitted write');
          return s.appointments.add(aCita().forDoctor(2).forPatient(2).build());
        });
        return [outer.id, inner.id];
      });
      assert.equal((await s.appointments.list({}, PAGE)).total, 2);

      await assert.rejects(
        s.uow.run(async () => {
          await s.appointments.add(aCita().forDoctor(3).forPatient(3).build());
          await s.uow.run(async () => {
            await s.history.record(created(kept[0]));
          });
          throw new Error('the outer work fails after the nested run returned');
        }),
        /outer work fails/,
      );
      assert.deepEqual(
        (await s.appointments.list({}, PAGE)).items.map((c) => c.id).sort((a, b) => a - b),
        [...kept].sort((a, b) => a - b),
      );
      assert.deepEqual(await s.history.listFor(kept[0]), [], 'the nested run\'s write went with the outer rollback');
    });
  });
}
