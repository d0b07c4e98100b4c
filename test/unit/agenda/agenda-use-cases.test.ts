import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatClinicDateTime } from '../../../core/domain/clinic-time';
import { aDoctor, aCenter } from '../../builders/directory-cards';
import { aMedico, anAdmin, aPaciente, aSecretaria } from '../../builders/principals';
import type { Principal } from '../../../core/domain/roles';
import { ValidationError } from '../../../core/domain/errors';
import { code } from '../citas/expect';
import { agendaWorld, MORNINGS } from './agenda-world';

const TZ = 'Europe/Madrid';
const hhmm = (d: Date) => formatClinicDateTime(d, TZ).slice(11, 16);

describe('setting a schedule', () => {
  it('stores the week at that center and answers it, sorted', async () => {
    const w = agendaWorld();
    const r = await w.setSchedule.execute(
      { idDoctor: 1, idCentro: 1, franjas: [{ dia: 2, desde: '16:00', hasta: '20:00' }, { dia: 1, desde: '09:00', hasta: '14:00' }], duracionCitaMin: 20 },
      w.caller(aSecretaria()),
    );
    assert.deepEqual(r.horario.franjas.map((f) => f.dia), [1, 2]);
    assert.deepEqual(r.conflictos, []);
    const read = await w.getSchedule.execute(1, w.caller(aPaciente(1)));
    assert.deepEqual(read.horarios, [{ idDoctor: 1, idCentro: 1, franjas: r.horario.franjas, duracionCitaMin: 20 }]);
  });

  it('replaces the previous schedule at that center and keeps the other centers', async () => {
    const w = agendaWorld();
    await w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas: MORNINGS }, w.caller(anAdmin()));
    await w.setSchedule.execute({ idDoctor: 1, idCentro: 2, franjas: [{ dia: 6, desde: '10:00', hasta: '13:00' }] }, w.caller(anAdmin()));
    await w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas: [{ dia: 1, desde: '16:00', hasta: '20:00' }] }, w.caller(anAdmin()));
    const { horarios } = await w.getSchedule.execute(1, w.caller(anAdmin()));
    assert.deepEqual(horarios.map((h) => [h.idCentro, h.franjas.length]), [[1, 1], [2, 1]]);
    await w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas: [] }, w.caller(anAdmin()));
    assert.deepEqual((await w.getSchedule.execute(1, w.caller(anAdmin()))).horarios.map((h) => h.idCentro), [2], 'empty franjas removes it');
  });

  it('refuses a franja overlapping the doctor at another center, and stores nothing', async () => {
    const w = agendaWorld();
    await w.setSchedule.execute({ idDoctor: 1, idCentro: 2, franjas: [{ dia: 1, desde: '12:00', hasta: '15:00' }] }, w.caller(anAdmin()));
    await assert.rejects(w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas: MORNINGS }, w.caller(anAdmin())), code('VALIDACION', /del mismo doctor en Clínica Centro/));
    assert.deepEqual((await w.schedules.forDoctor(1)).map((h) => h.idCentro), [2]);
  });

  it('names the other center by its name, and says that its franja goes first: how a doctor is moved between centers', async () => {
    const w = agendaWorld();
    w.directory.withCenter(aCenter().withId(2).named('Clínica Sur').build());
    await w.setSchedule.execute({ idDoctor: 1, idCentro: 2, franjas: [{ dia: 1, desde: '09:00', hasta: '14:00' }] }, w.caller(anAdmin()));
    await assert.rejects(
      w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas: [{ dia: 1, desde: '10:00', hasta: '13:00' }] }, w.caller(anAdmin())),
      code('VALIDACION', /^La franja lunes 10:00-13:00 se solapa con la franja lunes 09:00-14:00 del mismo doctor en Clínica Sur: quítela antes del horario de ese centro\.$/),
    );
  });

  it('checks the doctor and the center against the directory', async () => {
    const w = agendaWorld();
    await assert.rejects(w.setSchedule.execute({ idDoctor: 99, idCentro: 1, franjas: MORNINGS }, w.caller(anAdmin())), code('DOCTOR_NO_EXISTE'));
    await assert.rejects(w.setSchedule.execute({ idDoctor: 1, idCentro: 99, franjas: MORNINGS }, w.caller(anAdmin())), code('CENTRO_NO_EXISTE'));
    w.directory.withDoctor(aDoctor().withId(3).inactive().build()).withCenter(aCenter().withId(2).inactive().build());
    await assert.rejects(w.setSchedule.execute({ idDoctor: 3, idCentro: 1, franjas: MORNINGS }, w.caller(anAdmin())), code('DOCTOR_INACTIVO'));
    await assert.rejects(w.setSchedule.execute({ idDoctor: 1, idCentro: 2, franjas: MORNINGS }, w.caller(anAdmin())), code('CENTRO_INACTIVO'));
    w.directory.down();
    await assert.rejects(w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas: MORNINGS }, w.caller(anAdmin())), code('SERVICIO_NO_DISPONIBLE'));
    assert.deepEqual(await w.schedules.forDoctor(1), []);
  });

  it('is for admin and secretaria only', async () => {
    const w = agendaWorld();
    await assert.rejects(w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas: MORNINGS }, w.caller(aMedico(1))), code('PROHIBIDO'));
    await assert.rejects(w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas: MORNINGS }, w.caller(aPaciente(1))), code('PROHIBIDO'));
  });

  it('never changes booked citas, and lists those now outside the schedule', async () => {
    const w = agendaWorld();
    const inside = await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' }); // Tuesday morning
    const afternoon = await w.bookAs(anAdmin(), { fecha: '2026-03-03T17:00:00', idPaciente: 2 });
    const otherCenter = await w.bookAs(anAdmin(), { fecha: '2026-03-04T10:00:00', idPaciente: 3, idCentro: 2 });
    const cancelled = await w.bookAs(anAdmin(), { fecha: '2026-03-05T19:00:00', idPaciente: 4 });
    await w.cancel.execute({ idCita: cancelled.id }, anAdmin());

    const r = await w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas: MORNINGS }, w.caller(aSecretaria()));
    assert.deepEqual(r.conflictos.map((c) => [c.cita.id, c.violation.code]).sort(), [
      [afternoon.id, 'FUERA_DE_HORARIO'],
      [otherCenter.id, 'FUERA_DE_HORARIO'],
    ]);
    assert.equal((await w.get.execute(afternoon.id, anAdmin())).estado, 'Programada', 'kept as it was');
    assert.equal((await w.get.execute(inside.id, anAdmin())).estado, 'Programada');
  });
});

describe('booking against the agenda', () => {
  it('refuses FUERA_DE_HORARIO and DOCTOR_AUSENTE, and books inside the schedule', async () => {
    const w = agendaWorld();
    await w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas: MORNINGS }, w.caller(anAdmin()));
    await w.addAbsence.execute({ idDoctor: 1, desde: w.at('2026-03-04T00:00:00'), hasta: w.at('2026-03-05T00:00:00'), motivo: 'Congreso' }, w.caller(aSecretaria()));
    await assert.rejects(w.bookAs(anAdmin(), { fecha: '2026-03-03T13:45:00' }), code('FUERA_DE_HORARIO'));
    await assert.rejects(w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00', idCentro: 2 }), code('FUERA_DE_HORARIO'));
    await assert.rejects(w.bookAs(anAdmin(), { fecha: '2026-03-04T10:00:00' }), code('DOCTOR_AUSENTE', /ausente/));
    const ok = await w.bookAs(anAdmin(), { fecha: '2026-03-03T13:30:00' });
    assert.equal(ok.estado, 'Programada');
  });

  it('applies to a change of cita too', async () => {
    const w = agendaWorld();
    const cita = await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' });
    await w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas: MORNINGS }, w.caller(anAdmin()));
    await assert.rejects(
      w.reschedule.execute({ idCita: cita.id, inicio: w.at('2026-03-03T18:00:00') }, w.caller(anAdmin())),
      code('FUERA_DE_HORARIO'),
    );
  });

  it('lets a doctor without schedule be booked at any future time', async () => {
    const w = agendaWorld();
    const c = await w.bookAs(anAdmin(), { fecha: '2026-03-08T22:00:00' }); // Sunday night
    assert.equal(c.estado, 'Programada');
  });
});

describe('absences', () => {
  it('may be added and removed by staff or by that doctor only', async () => {
    const w = agendaWorld();
    const span = { desde: w.at('2026-03-10T09:00:00'), hasta: w.at('2026-03-10T14:00:00') };
    const own = await w.addAbsence.execute({ idDoctor: 1, ...span, motivo: '  ' }, w.caller(aMedico(1)));
    assert.equal(own.ausencia.motivo, null, 'a blank motivo is no motivo');
    await assert.rejects(w.addAbsence.execute({ idDoctor: 2, ...span }, w.caller(aMedico(1))), code('PROHIBIDO', /propias/));
    await assert.rejects(w.addAbsence.execute({ idDoctor: 1, ...span }, w.caller(aPaciente(1))), code('PROHIBIDO'));
    await assert.rejects(w.removeAbsence.execute(1, own.ausencia.id, aMedico(2)), code('PROHIBIDO'));
    await assert.rejects(w.removeAbsence.execute(2, own.ausencia.id, anAdmin()), code('NO_ENCONTRADO'), 'another doctor\'s id');
    await w.removeAbsence.execute(1, own.ausencia.id, aMedico(1));
    await assert.rejects(w.removeAbsence.execute(1, own.ausencia.id, aMedico(1)), code('NO_ENCONTRADO'));
  });

  it('refuses an unknown doctor and an empty period', async () => {
    const w = agendaWorld();
    await assert.rejects(
      w.addAbsence.execute({ idDoctor: 99, desde: w.at('2026-03-10T09:00:00'), hasta: w.at('2026-03-10T10:00:00') }, w.caller(anAdmin())),
      code('DOCTOR_NO_EXISTE'),
    );
    await assert.rejects(
      w.addAbsence.execute({ idDoctor: 1, desde: w.at('2026-03-10T10:00:00'), hasta: w.at('2026-03-10T09:00:00') }, w.caller(anAdmin())),
      code('VALIDACION'),
    );
  });

  it('refuse one that has already ended, at hasta in the clinic\'s words, and store nothing; one still going on is kept', async () => {
    const w = agendaWorld(); // now: Monday 2026-03-02 09:00
    const ended = w.addAbsence.execute({ idDoctor: 1, desde: w.at('2026-03-02T07:00:00'), hasta: w.at('2026-03-02T09:00:00') }, w.caller(anAdmin()));
    await assert.rejects(ended, (err: unknown) => {
      assert.ok(err instanceof ValidationError, String(err));
      assert.deepEqual(err.errors.map((p) => p.path), ['hasta']);
      assert.match(err.errors[0].message, /^La ausencia ya ha terminado: .*lunes, 2 de marzo de 2026, a las 09:00/);
      return true;
    });
    assert.equal((await w.listAbsences.execute(1, {}, { page: 1, pageSize: 20 }, w.caller(anAdmin()))).total, 0, 'nothing stored');
    const going = await w.addAbsence.execute({ idDoctor: 1, desde: w.at('2026-03-01T00:00:00'), hasta: w.at('2026-03-02T09:01:00') }, w.caller(anAdmin()));
    assert.equal(going.ausencia.idDoctor, 1, 'begun yesterday, ending in a minute: kept');
  });

  it('never cancel citas: the answer lists the future active ones inside the absence', async () => {
    const w = agendaWorld();
    const inside = await w.bookAs(anAdmin(), { fecha: '2026-03-10T10:00:00' });
    await w.bookAs(anAdmin(), { fecha: '2026-03-10T14:00:00', idPaciente: 2 }); // right after: not a conflict
    const r = await w.addAbsence.execute({ idDoctor: 1, desde: w.at('2026-03-10T09:00:00'), hasta: w.at('2026-03-10T14:00:00') }, w.caller(anAdmin()));
    assert.deepEqual(r.conflictos.map((c) => [c.cita.id, c.violation.code]), [[inside.id, 'DOCTOR_AUSENTE']]);
    assert.equal((await w.get.execute(inside.id, anAdmin())).estado, 'Programada');
  });

  it('are listed by period, oldest first, paginated', async () => {
    const w = agendaWorld();
    for (const day of ['2026-03-20', '2026-03-10', '2026-04-01']) {
      await w.addAbsence.execute({ idDoctor: 1, desde: w.at(`${day}T00:00:00`), hasta: w.at(`${day}T23:00:00`) }, w.caller(anAdmin()));
    }
    const all = await w.listAbsences.execute(1, {}, { page: 1, pageSize: 2 }, w.caller(anAdmin()));
    assert.equal(all.total, 3);
    assert.deepEqual(all.items.map((a) => formatClinicDateTime(a.desde, TZ).slice(0, 10)), ['2026-03-10', '2026-03-20']);
    const march = await w.listAbsences.execute(1, { desde: w.at('2026-03-15T00:00:00'), hasta: w.at('2026-04-01T00:00:00') }, { page: 1, pageSize: 20 }, w.caller(anAdmin()));
    assert.deepEqual(march.items.map((a) => formatClinicDateTime(a.desde, TZ).slice(0, 10)), ['2026-03-20']);
  });

  it('of a doctor the directory does not know are 404, as the schedule is, not an empty list that reads "never away"', async () => {
    const w = agendaWorld();
    await assert.rejects(w.listAbsences.execute(99, {}, { page: 1, pageSize: 20 }, w.caller(anAdmin())), code('NO_ENCONTRADO', /99/));
    await assert.rejects(w.getSchedule.execute(99, w.caller(anAdmin())), code('NO_ENCONTRADO', /99/));
  });

  it('show their motivo only to admin, secretaria and that doctor: anyone else reads null', async () => {
    const w = agendaWorld();
    await w.addAbsence.execute({ idDoctor: 1, desde: w.at('2026-03-10T00:00:00'), hasta: w.at('2026-03-11T00:00:00'), motivo: 'Baja médica' }, w.caller(anAdmin()));
    const motivoSeenBy = async (who: Principal) => (await w.listAbsences.execute(1, {}, { page: 1, pageSize: 20 }, w.caller(who))).items[0].motivo;
    for (const who of [anAdmin(), aSecretaria(), aMedico(1)]) assert.equal(await motivoSeenBy(who), 'Baja médica', who.rol);
    for (const who of [aMedico(2), aPaciente(1)]) assert.equal(await motivoSeenBy(who), null, who.username);
    const [period] = (await w.listAbsences.execute(1, {}, { page: 1, pageSize: 20 }, w.caller(aPaciente(1)))).items;
    assert.equal(period.desde.toISOString(), w.at('2026-03-10T00:00:00').toISOString(), 'the period itself stays visible');
    const oneSeenBy = async (who: Principal) => (await w.getAbsence.execute(1, period.id, who)).motivo;
    for (const who of [anAdmin(), aSecretaria(), aMedico(1)]) assert.equal(await oneSeenBy(who), 'Baja médica', `one absence, ${who.rol}`);
    for (const who of [aMedico(2), aPaciente(1)]) assert.equal(await oneSeenBy(who), null, `one absence, ${who.username}`);
  });

  it("are read one at a time by their doctor and id: another doctor's id is not found", async () => {
    const w = agendaWorld();
    const { ausencia } = await w.addAbsence.execute({ idDoctor: 1, desde: w.at('2026-03-10T00:00:00'), hasta: w.at('2026-03-11T00:00:00') }, w.caller(anAdmin()));
    assert.equal((await w.getAbsence.execute(1, ausencia.id, anAdmin())).desde.toISOString(), w.at('2026-03-10T00:00:00').toISOString());
    await assert.rejects(w.getAbsence.execute(2, ausencia.id, anAdmin()), code('NO_ENCONTRADO'));
  });
});

describe('availability of a day', () => {
  it('gives JORNADA slots minus citas for a doctor without schedule, and the booked intervals', async () => {
    const w = agendaWorld();
    await w.bookAs(anAdmin(), { fecha: '2026-03-03T09:30:00', duracionMin: 60 });
    const a = await w.availability.execute({ idDoctor: 1, fecha: '2026-03-03' }, w.caller(aPaciente(2)));
    assert.deepEqual(a.huecos.slice(0, 3).map((h) => hhmm(h.inicio)), ['09:00', '10:30', '11:00']);
    assert.deepEqual(a.ocupado.map((o) => `${hhmm(o.inicio)}-${hhmm(o.fin)}`), ['09:30-10:30']);
  });

  it('leaves out what has already started today', async () => {
    const w = agendaWorld({ now: '2026-03-02T10:10:00Z' }); // 11:10 in Madrid
    const a = await w.availability.execute({ idDoctor: 1, fecha: '2026-03-02' }, w.caller(aPaciente(1)));
    assert.equal(hhmm(a.huecos[0].inicio), '11:30');
    const past = await w.availability.execute({ idDoctor: 1, fecha: '2026-02-27' }, w.caller(aPaciente(1)));
    assert.deepEqual(past.huecos, []);
  });

  it('offers no slot a booking would refuse as too far ahead: a mistyped year shows an empty day, not slots that fail when pressed', async () => {
    const w = agendaWorld({ now: '2026-03-03T08:00:00Z' }); // Tuesday 09:00 in Madrid; MAX_ANTELACION_DIAS later is Monday 2036-03-03 09:00
    const last = await w.availability.execute({ idDoctor: 1, fecha: '2036-03-03' }, w.caller(anAdmin()));
    assert.deepEqual(last.huecos.map((h) => hhmm(h.inicio)), ['09:00']);
    await w.bookAs(anAdmin(), { fecha: '2036-03-03T09:00:00' }); // what is offered can be booked
    assert.deepEqual((await w.availability.execute({ idDoctor: 1, fecha: '2036-03-04' }, w.caller(anAdmin()))).huecos, []);
  });

  it('has no free slot for an inactive doctor, and refuses unknown doctors and centers', async () => {
    const w = agendaWorld();
    w.directory.withDoctor(aDoctor().withId(3).inactive().build());
    assert.deepEqual((await w.availability.execute({ idDoctor: 3, fecha: '2026-03-03' }, w.caller(anAdmin()))).huecos, []);
    await assert.rejects(w.availability.execute({ idDoctor: 99, fecha: '2026-03-03' }, w.caller(anAdmin())), code('DOCTOR_NO_EXISTE'));
    await assert.rejects(w.availability.execute({ idDoctor: 1, fecha: '2026-03-03', idCentro: 99 }, w.caller(anAdmin())), code('CENTRO_NO_EXISTE'));
    await assert.rejects(w.availability.execute({ idDoctor: 1, fecha: '2026-02-30' }, w.caller(anAdmin())), code('VALIDACION'));
  });
});

describe('next free slots of a specialty', () => {
  it('merges the doctors earliest first, skips full days, and stops at the limit', async () => {
    const w = agendaWorld(); // doctors 1-3 are Ortodoncia in the builder
    w.directory.withDoctor(aDoctor().withId(2).withSpecialty('Endodoncia').build());
    await w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas: [{ dia: 3, desde: '10:00', hasta: '11:00' }] }, w.caller(anAdmin()));
    await w.setSchedule.execute({ idDoctor: 3, idCentro: 2, franjas: [{ dia: 3, desde: '09:30', hasta: '10:30' }] }, w.caller(anAdmin()));
    await w.bookAs(anAdmin(), { fecha: '2026-03-04T10:00:00' });
    const r = await w.nextSlots.execute({ especialidad: 'Ortodoncia', desde: '2026-03-01', limite: 4 }, w.caller(aPaciente(1)));
    assert.equal(r.desde, '2026-03-02', 'not before today');
    assert.deepEqual(
      r.huecos.map((h) => `${formatClinicDateTime(h.inicio, TZ).slice(0, 16)} d${h.idDoctor}@${h.idCentro}`),
      ['2026-03-04T09:30 d3@2', '2026-03-04T10:00 d3@2', '2026-03-04T10:30 d1@1', '2026-03-11T09:30 d3@2'],
    );
    assert.equal(r.huecos[0].nombreDoctor, 'Dra. Ana Ruiz');
  });

  it('finds nothing for an unknown specialty and refuses a limit over 50', async () => {
    const w = agendaWorld();
    assert.deepEqual((await w.nextSlots.execute({ especialidad: 'Cardiología', desde: '2026-03-02' }, w.caller(anAdmin()))).huecos, []);
    await assert.rejects(w.nextSlots.execute({ especialidad: 'Ortodoncia', desde: '2026-03-02', limite: 51 }, w.caller(anAdmin())), code('VALIDACION'));
  });

  it('searches up to the last day the calendar can write when desde is near it, instead of failing on a field the client never sent', async () => {
    const w = agendaWorld();
    const r = await w.nextSlots.execute({ especialidad: 'Ortodoncia', desde: '9999-12-20', idCentro: 1, limite: 50 }, w.caller(anAdmin()));
    assert.deepEqual({ desde: r.desde, hasta: r.hasta }, { desde: '9999-12-20', hasta: '9999-12-31' });
    assert.deepEqual(r.huecos, [], 'nothing so far ahead can be booked (MAX_ANTELACION_DIAS), so nothing is offered');
  });

  it('refuses a specialty longer than admin stores (ESPECIALIDAD_MAX), naming it, without asking the directory', async () => {
    const w = agendaWorld();
    w.directory.down();
    const tooLong = { especialidad: 'Ortodoncia'.repeat(9), desde: '2026-03-02' };
    await assert.rejects(w.nextSlots.execute(tooLong, w.caller(anAdmin())), code('VALIDACION', /especialidad|80/));
  });

  it('finds no slot past how far ahead a cita may be booked', async () => {
    const w = agendaWorld({ now: '2026-03-03T08:00:00Z' }); // MAX_ANTELACION_DIAS later is Monday 2036-03-03 09:00 in Madrid
    const r = await w.nextSlots.execute({ especialidad: 'Ortodoncia', desde: '2036-03-03', idCentro: 1, limite: 50 }, w.caller(anAdmin()));
    assert.ok(r.huecos.length > 0, 'the last bookable hour is offered');
    assert.deepEqual(new Set(r.huecos.map((h) => `2036-03-03 ${hhmm(h.inicio)}`)), new Set(['2036-03-03 09:00']));
  });

  it('defaults to 10 slots', async () => {
    const w = agendaWorld();
    const r = await w.nextSlots.execute({ especialidad: 'Ortodoncia', desde: '2026-03-03', idCentro: 1 }, w.caller(anAdmin()));
    assert.equal(r.huecos.length, 10);
    assert.deepEqual(new Set(r.huecos.map((h) => h.idCentro)), new Set([1]));
    assert.deepEqual(r.huecos.slice(0, 4).map((h) => `${hhmm(h.inicio)} d${h.idDoctor}`), ['09:00 d1', '09:00 d2', '09:00 d3', '09:30 d1']);
  });
});
