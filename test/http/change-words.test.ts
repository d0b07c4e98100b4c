import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../fakes/fixed-clock';
import { type CenterRecord, type DoctorAccount, type PatientAccount, startTestSystem, type TestSystem } from '../support/citas';

/**
 * What a change (PUT /citas/{id} with a new fecha) says in its `message`,
 * which the front desk shows as it comes after Cambiar. The contract makes
 * the new cita Programada whatever the old one was: a patient whose
 * Confirmada cita was changed must be told she has to confirm again, or she
 * believes she still is. Citas runs on a fixed clock: Monday 2026-03-02
 * 09:00 in Madrid.
 */
describe("a change's message, through the real services", () => {
  let sys: TestSystem;
  let doctor: DoctorAccount;
  let patient: PatientAccount;
  let center: CenterRecord;
  const cita = (fecha: string) => ({ fecha, motivo: 'Revisión', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id });
  const CONFIRM_AGAIN = 'La nueva cita queda Programada: hay que confirmarla de nuevo.';

  before(async () => {
    sys = await startTestSystem({ citasOverrides: { clock: new FixedClock('2026-03-02T08:00:00Z') } });
    [doctor, patient, center] = await Promise.all([sys.createDoctor({ nombre: 'Laura Fernández Benítez' }), sys.createPatient({ nombre: 'Jordi Álvarez Molina' }), sys.createCenter()]);
  });
  after(() => sys?.close());

  it('a Confirmada cita changed: the new one is Programada, and the message says it must be confirmed again (a replay says it too)', async () => {
    const booked = await sys.citas.post('/citas', cita('2026-03-03T10:00:00'), await patient.token());
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const confirmed = await sys.citas.put(`/citas/${booked.body.id_cita}`, { estado: 'Confirmada' }, await patient.token());
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));

    const key = { 'Idempotency-Key': 'cambio-confirmada-1' };
    const changed = await sys.citas.request('PUT', `/citas/${booked.body.id_cita}`, { fecha: '2026-03-03T11:00:00' }, sys.adminToken, key);
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.cita_nueva.estado, 'Programada');
    assert.equal(
      changed.body.message,
      `Cita cambiada al martes, 3 de marzo de 2026, a las 11:00; la del martes, 3 de marzo de 2026, a las 10:00 queda cancelada. ${CONFIRM_AGAIN}`,
    );
    const replayed = await sys.citas.request('PUT', `/citas/${booked.body.id_cita}`, { fecha: '2026-03-03T11:00:00' }, sys.adminToken, key);
    assert.equal(replayed.headers.get('idempotent-replayed'), 'true');
    assert.equal(replayed.body.message, changed.body.message);
  });

  it('a Programada cita changed: nothing about confirming, as nothing was lost', async () => {
    const booked = await sys.citas.post('/citas', cita('2026-03-04T10:00:00'), await patient.token());
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const changed = await sys.citas.put(`/citas/${booked.body.id_cita}`, { fecha: '2026-03-04T12:00:00' }, await patient.token());
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.message, 'Cita cambiada al miércoles, 4 de marzo de 2026, a las 12:00; la del miércoles, 4 de marzo de 2026, a las 10:00 queda cancelada.');
  });
});
