import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../fakes/fixed-clock';
import { type Account, type CenterRecord, type DoctorAccount, type PatientAccount, startTestSystem, type TestSystem } from '../support/citas';

/**
 * RESERVA_SECRETARIA=true (citas): a secretaria books citas for any patient,
 * like an admin, through the real route gate and use case. The default
 * (false, 403) is a row of the authorization matrix. Citas runs on a fixed
 * clock: Monday 2026-03-02 09:00 in Madrid.
 */
describe('POST /citas with RESERVA_SECRETARIA=true', () => {
  let sys: TestSystem;
  let secretaria: Account;
  let doctor: DoctorAccount;
  let patient: PatientAccount;
  let center: CenterRecord;

  before(async () => {
    sys = await startTestSystem({ citasEnv: { RESERVA_SECRETARIA: 'true' }, citasOverrides: { clock: new FixedClock('2026-03-02T08:00:00Z') } });
    [secretaria, doctor, patient, center] = await Promise.all([sys.createSecretaria(), sys.createDoctor(), sys.createPatient(), sys.createCenter()]);
  });
  after(() => sys?.close());

  it('lets a secretaria book for any patient (201, registered by her), at any start inside the schedule', async () => {
    const token = await secretaria.token();
    const me = (await sys.admin.get('/auth/me', token)).body;
    const schedule = { id_centro: center.id, franjas: [1, 2, 3, 4, 5].map((dia) => ({ dia, desde: '09:00', hasta: '14:00' })) };
    assert.equal((await sys.citas.put(`/agenda/${doctor.id}/horario`, schedule, token)).status, 200);
    const res = await sys.citas.post(
      '/citas',
      { fecha: '2026-03-03T09:10:00', duracion_min: 15, motivo: 'Llamada a recepción', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id },
      token,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.id_paciente, patient.id);
    assert.equal(res.body.id_user_registrado, me.id_user);
  });

  it('still refuses a medico (403)', async () => {
    const res = await sys.citas.post(
      '/citas',
      { fecha: '2026-03-03T11:00:00', motivo: 'Revisión', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id },
      await doctor.token(),
    );
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'PROHIBIDO');
  });
});
