import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aCita } from '../builders/cita';
import type { CitasStorageUnderTest, MakeCitasStorage } from './citas-storage';

export function historyContract(name: string, make: MakeCitasStorage): void {
  describe(`AppointmentHistory contract: ${name}`, () => {
    let made: CitasStorageUnderTest;
    beforeEach(() => {
      made = make();
    });
    afterEach(() => made.close());

    it('returns a cita\'s entries oldest first, with snapshots read back as citas', async () => {
      const { appointments, history } = made.storage;
      const a = await appointments.add(aCita().build());
      const other = await appointments.add(aCita().forDoctor(2).forPatient(2).build());
      const cancelled = { ...a, estado: 'Cancelada' as const, motivoCancelacion: 'Viaje', idCitaNueva: other.id };
      await history.record({ idCita: a.id, cuando: new Date('2026-03-01T10:00:00Z'), idUser: 7, rol: 'paciente', accion: 'creada', antes: null, despues: a });
      await history.record({ idCita: other.id, cuando: new Date('2026-03-01T10:01:00Z'), idUser: 1, rol: 'admin', accion: 'creada', antes: null, despues: other });
      await history.record({ idCita: a.id, cuando: new Date('2026-03-01T10:02:00Z'), idUser: 2, rol: 'secretaria', accion: 'reprogramada', antes: a, despues: cancelled });

      const entries = await history.listFor(a.id);
      assert.deepEqual(entries, [
        { idCita: a.id, cuando: new Date('2026-03-01T10:00:00Z'), idUser: 7, rol: 'paciente', accion: 'creada', antes: null, despues: a },
        { idCita: a.id, cuando: new Date('2026-03-01T10:02:00Z'), idUser: 2, rol: 'secretaria', accion: 'reprogramada', antes: a, despues: cancelled },
      ]);
      assert.ok(entries[1].antes!.inicio instanceof Date);
      assert.deepEqual(await history.listFor(9999), []);
    });

    it('takes part in the unit of work', async () => {
      const { appointments, history, uow } = made.storage;
      const a = await appointments.add(aCita().build());
      await assert.rejects(() =>
        uow.run(async () => {
          await history.record({ idCita: a.id, cuando: new Date(), idUser: 1, rol: 'admin', accion: 'confirmada', antes: a, despues: a });
          throw new Error('boom');
        }),
      );
      assert.deepEqual(await history.listFor(a.id), []);
    });
  });
}
