import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerModule } from 'inversify';
import { T } from '../../apps/citas/container';
import { inMemoryCitasFakes } from '../contracts/citas-storage';
import { FixedClock } from '../fakes/fixed-clock';
import { firstMondayNextYear } from '../support/clinic-days';
import { startTestSystem, type TestSystem } from '../support/citas';

/**
 * The composition root's promise: swapping an adapter family is swapping its
 * module. Here citas runs on the in-memory fakes instead of SQLite, with
 * nothing else changed, and answers over HTTP as it does on a file.
 */
describe('citas with another storage module', () => {
  const fakes = inMemoryCitasFakes();
  const clock = new FixedClock('2026-03-02T08:00:00Z');
  const inMemory = new ContainerModule(({ bind }) => {
    bind(T.storage).toConstantValue({ name: 'memoria', ping: () => undefined, close: () => undefined });
    bind(T.appointments).toConstantValue(fakes.appointments);
    bind(T.history).toConstantValue(fakes.history);
    bind(T.outbox).toConstantValue(fakes.outbox);
    bind(T.schedules).toConstantValue(fakes.schedules);
    bind(T.absences).toConstantValue(fakes.absences);
    bind(T.idempotencyKeys).toConstantValue(fakes.idempotencyKeys);
    bind(T.unitOfWork).toConstantValue(fakes.uow);
  });
  let sys: TestSystem;

  before(async () => {
    sys = await startTestSystem({ citasOverrides: { clock, storage: inMemory } });
  });
  after(() => sys?.close());

  it('books, lists and cancels through the swapped module, and opens no database file', async () => {
    const [doctor, patient, center] = await Promise.all([sys.createDoctor(), sys.createPatient(), sys.createCenter()]);
    const fecha = `${firstMondayNextYear(clock.now(), 6)}T10:00:00`;
    const booked = await sys.citas.post('/citas', { fecha, motivo: 'Revisión', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id }, await patient.token());
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    assert.deepEqual(fakes.appointments.all().map((c) => c.id), [booked.body.id_cita]);

    const listed = await sys.citas.get(`/citas?fecha=${fecha.slice(0, 10)}`, sys.adminToken);
    assert.deepEqual(listed.body.items.map((c: { id_cita: number }) => c.id_cita), [booked.body.id_cita]);

    const cancelled = await sys.citas.delete(`/citas/${booked.body.id_cita}`, await patient.token());
    assert.equal(cancelled.status, 200);
    assert.equal(fakes.appointments.all()[0].estado, 'Cancelada');
    assert.equal(existsSync(join(sys.citas.dataDir, 'citas.db')), false, 'SQLite was never opened');
  });

  it('reports the swapped storage in /ready', async () => {
    const ready = await sys.citas.get('/ready');
    assert.equal(ready.status, 200);
    assert.match(JSON.stringify(ready.body), /memoria/);
  });
});
