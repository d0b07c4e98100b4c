import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../fakes/fixed-clock';
import { type CenterRecord, type DoctorAccount, type PatientAccount, startTestSystem, type TestSystem } from '../support/citas';

/**
 * The agenda as the reception desk uses it, through real HTTP on both
 * services: a secretaria sets a doctor's week and a holiday, reads the free
 * slots, a patient books one and confirms it, the doctor marks it attended,
 * and the history shows every step. Citas runs on a fixed clock (Monday
 * 2026-03-02 09:00 in Madrid) so "in the future" and "has started" are
 * decided by the test. The steps share one system and run in order.
 */
describe('agenda walkthrough over HTTP', () => {
  const clock = new FixedClock('2026-03-02T08:00:00Z');
  let sys: TestSystem;
  let doctor: DoctorAccount;
  let patient: PatientAccount;
  let center: CenterRecord;
  let secretaria: string;

  before(async () => {
    sys = await startTestSystem({ citasOverrides: { clock } });
    [doctor, patient, center] = await Promise.all([
      sys.createDoctor({ especialidad: 'Periodoncia' }),
      sys.createPatient(),
      sys.createCenter(),
    ]);
    secretaria = await (await sys.createSecretaria()).token();
  });
  after(async () => {
    await sys?.close();
  });

  it('goes from an empty agenda to an attended cita with its history', async () => {
    const { citas } = sys;
    const week = [1, 2, 3, 4, 5].map((dia) => ({ dia, desde: '09:00', hasta: '14:00' }));

    const set = await citas.put(`/agenda/${doctor.id}/horario`, { id_centro: center.id, franjas: week, duracion_cita_min: 30 }, secretaria);
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body, { id_doctor: doctor.id, id_centro: center.id, franjas: week, duracion_cita_min: 30, conflictos: [] });

    const holiday = await citas.post(`/agenda/${doctor.id}/ausencias`, { desde: '2026-03-04', hasta: '2026-03-04', motivo: 'Festivo local' }, secretaria);
    assert.equal(holiday.status, 201, JSON.stringify(holiday.body));
    assert.equal(holiday.body.desde, '2026-03-04T00:00:00+01:00');
    assert.equal(holiday.body.hasta, '2026-03-05T00:00:00+01:00', 'a whole day');
    assert.equal(holiday.headers.get('location'), `/agenda/${doctor.id}/ausencias/${holiday.body.id_ausencia}`);

    const off = await citas.get(`/citas/disponibilidad?id_doctor=${doctor.id}&fecha=2026-03-04`, secretaria);
    assert.equal(off.status, 200);
    assert.deepEqual(off.body.huecos, [], 'nothing on the holiday');

    const tuesday = await citas.get(`/citas/disponibilidad?id_doctor=${doctor.id}&fecha=2026-03-03`, await patient.token());
    assert.equal(tuesday.status, 200);
    assert.equal(tuesday.body.huecos.length, 10);
    assert.deepEqual(tuesday.body.huecos[0], { inicio: '2026-03-03T09:00:00+01:00', fin: '2026-03-03T09:30:00+01:00', id_centro: center.id });
    assert.deepEqual(tuesday.body.ocupado, []);

    // Off the grid (a start between slots, a day-long duration): 422 FUERA_DE_HUECO, nothing booked.
    for (const [fecha, duracion_min] of [['2026-03-03T09:07:13.999', 5], ['2026-03-03T09:00:00', 300]] as const) {
      const odd = await citas.post(
        '/citas',
        { fecha, duracion_min, motivo: 'Bloquear el día', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id },
        await patient.token(),
      );
      assert.equal(odd.status, 422, JSON.stringify(odd.body));
      assert.equal(odd.body.code, 'FUERA_DE_HUECO');
    }

    const slot = tuesday.body.huecos[2];
    const booked = await citas.post(
      '/citas',
      { fecha: slot.inicio, motivo: 'Revisión de encías', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id },
      await patient.token(),
    );
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    assert.equal(booked.body.fecha, '2026-03-03T10:00:00+01:00');
    const idCita = booked.body.id_cita;

    const after = await citas.get(`/citas/disponibilidad?id_doctor=${doctor.id}&fecha=2026-03-03`, secretaria);
    assert.equal(after.body.huecos.length, 9);
    assert.ok(!after.body.huecos.some((h: { inicio: string }) => h.inicio === slot.inicio));
    assert.deepEqual(after.body.ocupado, [{ inicio: '2026-03-03T10:00:00+01:00', fin: '2026-03-03T10:30:00+01:00' }]);

    const confirmed = await citas.put(`/citas/${idCita}`, { estado: 'Confirmada' }, await patient.token());
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.equal(confirmed.body.cita.estado, 'Confirmada');

    const early = await citas.put(`/citas/${idCita}`, { estado: 'Atendida' }, await doctor.token());
    assert.equal(early.status, 409, 'not before it starts');

    clock.set('2026-03-03T09:05:00Z'); // 10:05 in Madrid: the cita has started
    const attended = await citas.put(`/citas/${idCita}`, { estado: 'Atendida' }, await doctor.token());
    assert.equal(attended.status, 200, JSON.stringify(attended.body));
    assert.equal(attended.body.cita.estado, 'Atendida');

    const history = await citas.get(`/citas/${idCita}/historial`, secretaria);
    assert.equal(history.status, 200);
    assert.deepEqual(
      history.body.map((h: { accion: string; despues: { estado: string } }) => [h.accion, h.despues.estado]),
      [['creada', 'Programada'], ['confirmada', 'Confirmada'], ['atendida', 'Atendida']],
    );
  });

  it('refuses bookings outside the schedule or during the absence, with the contract codes', async () => {
    clock.set('2026-03-02T08:00:00Z');
    const other = await sys.createPatient();
    const book = (fecha: string) =>
      sys.citas.post('/citas', { fecha, motivo: 'Limpieza', id_paciente: other.id, id_doctor: doctor.id, id_centro: center.id }, sys.adminToken);
    const afternoon = await book('2026-03-05T16:00:00');
    assert.equal(afternoon.status, 422);
    assert.equal(afternoon.body.code, 'FUERA_DE_HORARIO');
    const holiday = await book('2026-03-04T10:00:00');
    assert.equal(holiday.status, 422);
    assert.equal(holiday.body.code, 'DOCTOR_AUSENTE');
  });

  it('lists the booked citas a new absence would hit, and keeps them', async () => {
    clock.set('2026-03-02T08:00:00Z');
    const p = await sys.createPatient();
    const cita = await sys.citas.post(
      '/citas',
      { fecha: '2026-03-06T11:00:00', motivo: 'Empaste', id_paciente: p.id, id_doctor: doctor.id, id_centro: center.id },
      sys.adminToken,
    );
    assert.equal(cita.status, 201, JSON.stringify(cita.body));
    const absence = await sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde: '2026-03-06T10:00:00', hasta: '2026-03-06T12:00:00' }, await doctor.token());
    assert.equal(absence.status, 201, JSON.stringify(absence.body));
    assert.equal(absence.body.motivo, null);
    assert.deepEqual(
      absence.body.conflictos.map((c: { id_cita: number; codigo: string; fecha: string }) => [c.id_cita, c.codigo, c.fecha]),
      [[cita.body.id_cita, 'DOCTOR_AUSENTE', '2026-03-06T11:00:00+01:00']],
    );
    assert.equal((await sys.citas.get(`/citas/${cita.body.id_cita}`, sys.adminToken)).body.estado, 'Programada');

    const removed = await sys.citas.delete(`/agenda/${doctor.id}/ausencias/${absence.body.id_ausencia}`, await doctor.token());
    assert.equal(removed.status, 204);
    assert.equal((await sys.citas.delete(`/agenda/${doctor.id}/ausencias/${absence.body.id_ausencia}`, secretaria)).status, 404);
  });

  it('reads the schedule, the absences and the next free slots of a specialty', async () => {
    clock.set('2026-03-02T08:00:00Z');
    const schedule = await sys.citas.get(`/agenda/${doctor.id}/horario`, await patient.token());
    assert.equal(schedule.status, 200);
    assert.deepEqual(schedule.body.horarios.map((h: { id_centro: number; duracion_cita_min: number }) => [h.id_centro, h.duracion_cita_min]), [[center.id, 30]]);

    const absences = await sys.citas.get(`/agenda/${doctor.id}/ausencias?desde=2026-03-01&hasta=2026-03-31`, await patient.token());
    assert.equal(absences.status, 200);
    assert.equal(absences.body.total, 1);
    assert.equal(absences.body.items[0].motivo, null, 'a patient sees the period, not why');
    const own = await sys.citas.get(`/agenda/${doctor.id}/ausencias?desde=2026-03-01&hasta=2026-03-31`, await doctor.token());
    assert.equal(own.body.items[0].motivo, 'Festivo local', 'that doctor sees why');

    const next = await sys.citas.get(`/citas/disponibilidad/proximos?especialidad=Periodoncia&desde=2026-03-03&limite=2`, await patient.token());
    assert.equal(next.status, 200, JSON.stringify(next.body));
    assert.deepEqual(
      next.body.huecos.map((h: { inicio: string; id_doctor: number }) => [h.inicio, h.id_doctor]),
      [['2026-03-03T09:00:00+01:00', doctor.id], ['2026-03-03T09:30:00+01:00', doctor.id]],
    );
    assert.equal(next.body.huecos[0].nombre_doctor, doctor.nombre);
  });

  it('refuses an absence that has already ended, under hasta in words, and stores nothing; lists one still going on from today', async () => {
    clock.set('2026-03-02T08:00:00Z'); // Monday 09:00 in Madrid
    const ended = await sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde: '2026-03-02T07:00:00', hasta: '2026-03-02T09:00:00', motivo: 'Guardia' }, secretaria);
    assert.equal(ended.status, 422, JSON.stringify(ended.body));
    assert.equal(ended.body.code, 'VALIDACION');
    assert.deepEqual(ended.body.errors.map((e: { path: string }) => e.path), ['hasta']);
    assert.match(ended.body.errors[0].message, /^La ausencia ya ha terminado: .*lunes, 2 de marzo de 2026, a las 09:00/);
    const listed = await sys.citas.get(`/agenda/${doctor.id}/ausencias?desde=2026-02-01`, secretaria);
    assert.ok(!listed.body.items.some((a: { motivo: string | null }) => a.motivo === 'Guardia'), 'nothing stored');

    // Begun last week, ending tomorrow: allowed, and "from today" lists it (the filter is overlap, not start).
    const going = await sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde: '2026-02-26T09:00:00', hasta: '2026-03-03T09:00:00', motivo: 'Baja' }, secretaria);
    assert.equal(going.status, 201, JSON.stringify(going.body));
    const fromToday = await sys.citas.get(`/agenda/${doctor.id}/ausencias?desde=2026-03-02`, secretaria);
    assert.ok(fromToday.body.items.some((a: { id_ausencia: number }) => a.id_ausencia === going.body.id_ausencia), JSON.stringify(fromToday.body));
    assert.equal((await sys.citas.delete(`/agenda/${doctor.id}/ausencias/${going.body.id_ausencia}`, secretaria)).status, 204);
  });

  it('refuses a malformed schedule, an unknown doctor, and bad query parameters', async () => {
    const overlap = await sys.citas.put(
      `/agenda/${doctor.id}/horario`,
      { id_centro: center.id, franjas: [{ dia: 1, desde: '09:00', hasta: '12:00' }, { dia: 1, desde: '11:00', hasta: '13:00' }] },
      secretaria,
    );
    assert.equal(overlap.status, 422);
    assert.equal(overlap.body.code, 'VALIDACION');
    assert.equal(overlap.body.errors[0].path, 'franjas.1');

    const extra = await sys.citas.put(`/agenda/${doctor.id}/horario`, { id_centro: center.id, franjas: [], color: 'rojo' }, secretaria);
    assert.equal(extra.status, 422);

    const ghost = await sys.citas.put('/agenda/987654/horario', { id_centro: center.id, franjas: [] }, secretaria);
    assert.equal(ghost.status, 422);
    assert.equal(ghost.body.code, 'DOCTOR_NO_EXISTE');
    assert.equal((await sys.citas.get('/agenda/987654/horario', secretaria)).status, 404);

    const noDate = await sys.citas.get(`/citas/disponibilidad?id_doctor=${doctor.id}`, secretaria);
    assert.equal(noDate.status, 400, '/citas/disponibilidad is its own route, not /citas/{id}');
    assert.equal(noDate.body.code, 'PARAMETRO_INVALIDO');
    assert.equal((await sys.citas.get(`/citas/disponibilidad?id_doctor=${doctor.id}&fecha=2026-02-30`, secretaria)).status, 400);
    assert.equal((await sys.citas.get(`/citas/disponibilidad/proximos?especialidad=X&desde=2026-03-03&limite=51`, secretaria)).status, 400);
  });

  it('documents the agenda routes in /openapi.json', async () => {
    const doc = await sys.citas.get('/openapi.json');
    assert.equal(doc.status, 200);
    for (const path of ['/agenda/{id_doctor}/horario', '/agenda/{id_doctor}/ausencias', '/agenda/{id_doctor}/ausencias/{id}', '/citas/disponibilidad', '/citas/disponibilidad/proximos']) {
      assert.ok(doc.body.paths[path], `${path} is documented`);
    }
    assert.ok(doc.body.paths['/agenda/{id_doctor}/horario'].put.requestBody, 'with its body schema');
  });
});
