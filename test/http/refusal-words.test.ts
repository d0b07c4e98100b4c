import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../fakes/fixed-clock';
import { type CenterRecord, type DoctorAccount, type PatientAccount, startTestSystem, type TestSystem } from '../support/citas';

/**
 * What a receptionist and a patient read when citas refuses a booking: the
 * web front desk shows the `detail` as it comes. Names come from admin (the
 * booking's one directory lookup); nobody hears of another patient's cita.
 * Citas runs on a fixed clock: Monday 2026-03-02 09:00 in Madrid, and
 * MAX_CITAS_FUTURAS=2.
 */
describe("a booking refusal's detail, through the real services", () => {
  let sys: TestSystem;
  let doctor: DoctorAccount;
  let otherDoctor: DoctorAccount;
  let jordi: PatientAccount;
  let blanca: PatientAccount;
  let center: CenterRecord;
  const cita = (p: PatientAccount, d: DoctorAccount, fecha: string) => ({ fecha, motivo: 'Revisión', id_paciente: p.id, id_doctor: d.id, id_centro: center.id });
  const taken = (nombre: string) => `La agenda de ${nombre} ya tiene otra cita que se solapa con el horario pedido: ese hueco está ocupado.`;

  before(async () => {
    sys = await startTestSystem({ citasEnv: { MAX_CITAS_FUTURAS: '2' }, citasOverrides: { clock: new FixedClock('2026-03-02T08:00:00Z') } });
    [doctor, otherDoctor, jordi, blanca, center] = await Promise.all([
      sys.createDoctor({ nombre: 'Laura Fernández Benítez' }),
      sys.createDoctor({ nombre: 'Patricio Díaz Arias' }),
      sys.createPatient({ nombre: 'Jordi Álvarez Molina' }),
      sys.createPatient({ nombre: 'Blanca Gutiérrez García' }),
      sys.createCenter(),
    ]);
  });
  after(() => sys?.close());

  it('409: names the doctor to everyone, the cita in the way only to whom may see it, in Spanish and clinic time', async () => {
    const jordis = await sys.citas.post('/citas', cita(jordi, doctor, '2026-03-03T10:00:00'), await jordi.token());
    assert.equal(jordis.status, 201, JSON.stringify(jordis.body));

    const toBlanca = await sys.citas.post('/citas', cita(blanca, doctor, '2026-03-03T10:15:00'), await blanca.token());
    assert.deepEqual([toBlanca.status, toBlanca.body.code, toBlanca.body.detail], [409, 'DOCTOR_OCUPADO', taken(doctor.nombre)]);

    const toAdmin = await sys.citas.post('/citas', cita(blanca, doctor, '2026-03-03T10:15:00'), sys.adminToken);
    assert.equal(
      toAdmin.body.detail,
      `La agenda de ${doctor.nombre} ya tiene una cita de 30 min el martes, 3 de marzo de 2026, a las 10:00, que se solapa con el horario pedido: ese hueco está ocupado.`,
    );

    const toJordi = await sys.citas.post('/citas', cita(jordi, otherDoctor, '2026-03-03T10:15:00'), await jordi.token());
    assert.deepEqual(
      [toJordi.status, toJordi.body.code, toJordi.body.detail],
      [409, 'PACIENTE_OCUPADO', `Ya tiene una cita de 30 min el martes, 3 de marzo de 2026, a las 10:00, que se solapa con el horario pedido.`],
    );
    const aboutJordi = await sys.citas.post('/citas', cita(jordi, otherDoctor, '2026-03-03T10:15:00'), sys.adminToken);
    assert.match(aboutJordi.body.detail, new RegExp(`^${jordi.nombre} ya tiene una cita de 30 min`));
  });

  it('409 on a change (PUT /citas/{id}): the same words, after saying the cita could not be changed', async () => {
    const blancas = await sys.citas.post('/citas', cita(blanca, doctor, '2026-03-03T11:00:00'), await blanca.token());
    assert.equal(blancas.status, 201, JSON.stringify(blancas.body));
    const moved = await sys.citas.put(`/citas/${blancas.body.id_cita}`, { fecha: '2026-03-03T10:15:00' }, await blanca.token());
    assert.deepEqual([moved.status, moved.body.code], [409, 'DOCTOR_OCUPADO']);
    assert.equal(moved.body.detail, `No se pudo cambiar la cita: ${taken(doctor.nombre)}`);
  });

  it('422 FUERA_DE_HORARIO on the night the clocks go back: each end with its offset, the doctor and the center by name', async () => {
    const scheduled = await sys.createDoctor({ nombre: 'Marta Soler Vidal' });
    const week = [{ dia: 1, desde: '09:00', hasta: '14:00' }];
    const set = await sys.citas.put(`/agenda/${scheduled.id}/horario`, { id_centro: center.id, franjas: week, duracion_cita_min: 30 }, sys.adminToken);
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const late = await sys.citas.post('/citas', { ...cita(blanca, scheduled, '2027-10-31T02:30:00+02:00'), duracion_min: 30 }, sys.adminToken);
    assert.deepEqual(
      [late.status, late.body.code, late.body.detail],
      [
        422,
        'FUERA_DE_HORARIO',
        `La cita de 02:30 (UTC+02:00) a 02:00 (UTC+01:00) del domingo, 31 de octubre de 2027, queda fuera del horario de ${scheduled.nombre}: el domingo no atiende en ${center.nombre}.`,
      ],
    );
  });

  it('422 LIMITE_CITAS: speaks to the patient, names her to staff, says what to do', async () => {
    // Jordi holds one future cita (the first test); one more reaches MAX_CITAS_FUTURAS=2.
    assert.equal((await sys.citas.post('/citas', cita(jordi, doctor, '2026-03-04T10:00:00'), await jordi.token())).status, 201);
    const toJordi = await sys.citas.post('/citas', cita(jordi, doctor, '2026-03-05T10:00:00'), await jordi.token());
    assert.deepEqual([toJordi.status, toJordi.body.code, toJordi.body.detail], [422, 'LIMITE_CITAS', 'Ya tiene 2 citas futuras activas; el máximo es 2. Para reservar otra, cancele una de ellas o espere a que pase alguna.']);
    const toAdmin = await sys.citas.post('/citas', cita(jordi, doctor, '2026-03-05T10:00:00'), sys.adminToken);
    assert.equal(toAdmin.body.detail, `${jordi.nombre} ya tiene 2 citas futuras activas; el máximo es 2. Para reservar otra, cancele una de ellas o espere a que pase alguna.`);
  });

  it('a record that does not exist is called one way, whether a route of admin reads it or a booking names it', async () => {
    const read = await Promise.all(['doctores', 'centros', 'pacientes', 'usuario'].map((route) => sys.admin.get(`/admin/${route}/999999`, sys.adminToken)));
    assert.deepEqual(
      read.map((res) => [res.status, res.body.detail]),
      [
        [404, 'No existe ningún doctor con id 999999.'],
        [404, 'No existe ningún centro con id 999999.'],
        [404, 'No existe ningún paciente con id 999999.'],
        [404, 'No existe ningún usuario con id 999999.'],
      ],
    );
    const booked = await sys.citas.post('/citas', { ...cita(blanca, doctor, '2026-03-06T10:00:00'), id_doctor: 999999 }, sys.adminToken);
    assert.deepEqual([booked.status, booked.body.code, booked.body.detail], [422, 'DOCTOR_NO_EXISTE', read[0].body.detail]);
  });
});
