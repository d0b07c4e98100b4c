import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../../core/domain/errors';
import { citasWorld } from '../../builders/citas-world';
import { aCenter, aDoctor, aPatient } from '../../builders/directory-cards';
import { aMedico, anAdmin, aPaciente, aSecretaria } from '../../builders/principals';
import { code } from './expect';


describe('booking a cita', () => {
  it('creates a Programada cita of 30 minutes by default, registered by the caller, with a history row and notifications', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(aPaciente(1), { fecha: '2026-03-03T10:00:00', motivo: 'Limpieza' });
    assert.equal(cita.estado, 'Programada');
    assert.equal(cita.duracionMin, 30);
    assert.equal(cita.idUserRegistrado, aPaciente(1).userId);
    assert.equal(cita.inicio.toISOString(), '2026-03-03T09:00:00.000Z');
    assert.deepEqual(await w.get.execute(cita.id, anAdmin()), cita);

    const [entry] = await w.fakes!.history.listFor(cita.id);
    assert.equal(entry.accion, 'creada');
    assert.equal(entry.antes, null);
    assert.deepEqual(entry.despues, cita);
    assert.equal(entry.rol, 'paciente');

    const outbox = w.fakes!.outbox.all();
    assert.deepEqual(outbox.map((m) => m.tipo).sort(), ['cita_creada', 'recordatorio']);
    const reminder = outbox.find((m) => m.tipo === 'recordatorio')!;
    assert.equal(reminder.dueAt.toISOString(), '2026-03-02T09:00:00.000Z', '24 h before the cita');
    assert.equal(reminder.payload.cita.inicio, '2026-03-03T09:00:00.000Z', 'the cita as booked: 10:00 in Madrid');
  });

  it('makes a reminder for a cita less than 24 h away due at once', async () => {
    const w = citasWorld({ now: '2026-03-02T08:00:00Z' });
    await w.bookAs(anAdmin(), { fecha: '2026-03-02T12:00:00' });
    const reminder = w.fakes!.outbox.all().find((m) => m.tipo === 'recordatorio')!;
    assert.equal(reminder.dueAt.toISOString(), '2026-03-02T08:00:00.000Z');
  });

  it('takes the reminder lead time from the policy', async () => {
    const w = citasWorld({ policy: { reminderLeadMinutes: 120 } });
    await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' });
    const reminder = w.fakes!.outbox.all().find((m) => m.tipo === 'recordatorio')!;
    assert.equal(reminder.dueAt.toISOString(), '2026-03-03T07:00:00.000Z');
  });

  it('lets an admin book for any patient, and a patient only for themself', async () => {
    const w = citasWorld();
    assert.equal((await w.bookAs(anAdmin(), { idPaciente: 3 })).idPaciente, 3);
    await assert.rejects(w.bookAs(aPaciente(1), { idPaciente: 2, fecha: '2026-03-04T10:00:00' }), code('PROHIBIDO'));
  });

  it('refuses secretaria and medico (403): booking is for patients and admins', async () => {
    const w = citasWorld();
    await assert.rejects(w.bookAs(aSecretaria()), code('PROHIBIDO'));
    await assert.rejects(w.bookAs(aMedico(1)), code('PROHIBIDO'));
  });

  it('lets a secretaria book for any patient, like an admin, when the clinic sets RESERVA_SECRETARIA (never a medico)', async () => {
    const w = citasWorld({ policy: { reservaSecretaria: true } });
    const cita = await w.bookAs(aSecretaria(), { idPaciente: 3 });
    assert.equal(cita.idPaciente, 3);
    assert.equal(cita.idUserRegistrado, aSecretaria().userId);
    assert.equal((await w.fakes!.history.listFor(cita.id))[0].rol, 'secretaria');
    await assert.rejects(w.bookAs(aMedico(1), { fecha: '2026-03-04T10:00:00' }), code('PROHIBIDO'));
  });

  it('refuses unknown or inactive doctors, centers and patients (422), naming which', async () => {
    const w = citasWorld();
    w.directory.withDoctor(aDoctor().withId(9).inactive().build());
    w.directory.withCenter(aCenter().withId(9).inactive().build());
    w.directory.withPatient(aPatient().withId(9).inactive().build());
    await assert.rejects(w.bookAs(anAdmin(), { idDoctor: 77 }), code('DOCTOR_NO_EXISTE'));
    await assert.rejects(w.bookAs(anAdmin(), { idDoctor: 9 }), code('DOCTOR_INACTIVO'));
    await assert.rejects(w.bookAs(anAdmin(), { idCentro: 77 }), code('CENTRO_NO_EXISTE'));
    await assert.rejects(w.bookAs(anAdmin(), { idCentro: 9 }), code('CENTRO_INACTIVO'));
    await assert.rejects(w.bookAs(anAdmin(), { idPaciente: 77 }), code('PACIENTE_NO_EXISTE'));
    await assert.rejects(w.bookAs(anAdmin(), { idPaciente: 9 }), code('PACIENTE_INACTIVO'));
    assert.equal(w.fakes!.appointments.all().length, 0);
  });

  it('answers 503 when the directory is down, and books nothing', async () => {
    const w = citasWorld();
    w.directory.down();
    await assert.rejects(w.bookAs(anAdmin()), code('SERVICIO_NO_DISPONIBLE'));
    assert.equal(w.fakes!.appointments.all().length, 0);
  });

  it('refuses a start that is not strictly in the future', async () => {
    const w = citasWorld({ now: '2026-03-03T09:00:00Z' });
    await assert.rejects(w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' }), code('FECHA_PASADA'), 'exactly now');
    await assert.rejects(w.bookAs(anAdmin(), { fecha: '2026-03-01T10:00:00' }), code('FECHA_PASADA'));
    assert.equal((await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:05:00' })).duracionMin, 30);
  });

  it('refuses a start more than ten years ahead (a mistyped year), naming fecha', async () => {
    const w = citasWorld({ now: '2026-03-03T09:00:00Z' });
    const err = await w.bookAs(anAdmin(), { fecha: '2206-03-03T10:00:00' }).then(
      () => assert.fail('booked a cita in 2206'),
      (e: unknown) => e as DomainError,
    );
    assert.equal(err.code, 'VALIDACION');
    assert.equal(err.errors[0]?.path, 'fecha');
    assert.equal((await w.bookAs(anAdmin(), { fecha: '2035-03-01T10:00:00' })).estado, 'Programada');
  });

  it('re-checks the time inside the transaction (the clock moved while the directory answered)', async () => {
    const w = citasWorld({ now: '2026-03-03T08:59:00Z' });
    const slowDirectory = w.directory.lookUp.bind(w.directory);
    w.directory.lookUp = async (wanted, caller) => {
      w.clock.set('2026-03-03T09:00:00Z');
      return slowDirectory(wanted, caller);
    };
    await assert.rejects(w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' }), code('FECHA_PASADA'));
  });

  it('validates duration (5..480, multiple of 5) and motivo (1..500 characters)', async () => {
    const w = citasWorld();
    for (const duracionMin of [0, 3, 7, 485, 30.5]) {
      await assert.rejects(w.bookAs(anAdmin(), { duracionMin }), code('VALIDACION'));
    }
    await assert.rejects(w.bookAs(anAdmin(), { motivo: '   ' }), code('VALIDACION'));
    await assert.rejects(w.bookAs(anAdmin(), { motivo: 'x'.repeat(501) }), code('VALIDACION'));
    const longest = await w.bookAs(anAdmin(), { motivo: 'ñ'.repeat(500), duracionMin: 480 });
    assert.equal(longest.duracionMin, 480);
    const shortest = await w.bookAs(anAdmin(), { fecha: '2026-03-05T10:00:00', duracionMin: 5 });
    assert.equal(shortest.duracionMin, 5);
  });

  it('refuses a second active cita of the same doctor that overlaps (409 DOCTOR_OCUPADO), but not one that touches', async () => {
    const w = citasWorld();
    await w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-03-03T10:00:00' });
    await assert.rejects(w.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-03-03T10:15:00' }), code('DOCTOR_OCUPADO'));
    await assert.rejects(w.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-03-03T09:45:00', duracionMin: 20 }), code('DOCTOR_OCUPADO'));
    await assert.rejects(w.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-03-03T09:00:00', duracionMin: 120 }), code('DOCTOR_OCUPADO'));
    await w.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-03-03T10:30:00' });
    await w.bookAs(anAdmin(), { idPaciente: 3, fecha: '2026-03-03T09:30:00' });
  });

  it('never tells a patient about another patient\'s cita in a 409: no id, no patient, no time; only that the slot is taken', async () => {
    const w = citasWorld();
    // Two citas elsewhere first, so the one in the way has an id no other number in the message shares.
    for (const fecha of ['2026-03-05T10:00:00', '2026-03-06T10:00:00']) await w.bookAs(anAdmin(), { idPaciente: 3, idDoctor: 3, fecha });
    const theirs = await w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-03-03T10:00:00' });
    const leaks = (err: unknown) => {
      const e = err as { code: string; message: string; errors: unknown[] };
      assert.equal(e.code, 'DOCTOR_OCUPADO');
      assert.doesNotMatch(e.message, new RegExp(`\\b${theirs.id}\\b|paciente 1|10:00|2026-03-03`), e.message);
      assert.match(e.message, /ocupad|solapa/);
      assert.doesNotMatch(JSON.stringify(e.errors), /10:00|paciente 1/);
      return true;
    };
    await assert.rejects(w.bookAs(aPaciente(2), { idPaciente: 2, fecha: '2026-03-03T10:15:00' }), leaks);
    const mine = await w.bookAs(aPaciente(2), { idPaciente: 2, fecha: '2026-03-03T11:00:00' });
    await assert.rejects(w.reschedule.execute({ idCita: mine.id, inicio: w.at('2026-03-03T10:15:00') }, w.directoryCaller(aPaciente(2))), leaks);
    // Staff may see every cita: they are told which one is in the way, by its day and hour (as the page names citas, never by number).
    await assert.rejects(w.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-03-03T10:15:00' }), code('DOCTOR_OCUPADO', /una cita de 30 min el martes, 3 de marzo de 2026, a las 10:00/));
  });

  it('names a patient\'s own cita when it is the one in the way', async () => {
    const w = citasWorld();
    await w.bookAs(aPaciente(1), { idDoctor: 1, fecha: '2026-03-03T10:00:00' });
    await assert.rejects(w.bookAs(aPaciente(1), { idDoctor: 2, fecha: '2026-03-03T10:15:00' }), code('PACIENTE_OCUPADO', /^Ya tiene una cita de 30 min el martes, 3 de marzo de 2026, a las 10:00, que se solapa/));
  });

  it('refuses a patient two overlapping citas with different doctors (409 PACIENTE_OCUPADO)', async () => {
    const w = citasWorld();
    await w.bookAs(aPaciente(1), { idDoctor: 1, fecha: '2026-03-03T10:00:00' });
    await assert.rejects(w.bookAs(aPaciente(1), { idDoctor: 2, fecha: '2026-03-03T10:29:00' }), code('PACIENTE_OCUPADO'));
  });

  it('treats the same instant written two ways as the same slot', async () => {
    const w = citasWorld();
    await w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-03-30T10:00:00' });
    await assert.rejects(w.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-03-30T08:00:00Z' }), code('DOCTOR_OCUPADO'));
    await assert.rejects(w.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-03-30T09:10:00+01:00' }), code('DOCTOR_OCUPADO'));
  });

  it('frees the slot when a cita is cancelled: only Programada and Confirmada occupy it', async () => {
    const w = citasWorld();
    const first = await w.bookAs(anAdmin(), { idPaciente: 1 });
    await w.cancel.execute({ idCita: first.id }, anAdmin());
    const again = await w.bookAs(anAdmin(), { idPaciente: 2 });
    assert.equal(again.inicio.getTime(), first.inicio.getTime());
  });

  it('books on DST days by the real instants: 01:30 and 03:00 on 2026-03-29 are only 30 minutes apart', async () => {
    const w = citasWorld({ now: '2026-03-20T08:00:00Z' });
    await w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-03-29T01:30:00' });
    const touching = await w.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-03-29T03:00:00' });
    assert.equal(touching.inicio.toISOString(), '2026-03-29T01:00:00.000Z');

    const w2 = citasWorld({ now: '2026-03-20T08:00:00Z' });
    await w2.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-03-29T01:30:00', duracionMin: 35 });
    await assert.rejects(w2.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-03-29T03:00:00' }), code('DOCTOR_OCUPADO'));
    assert.throws(() => w2.at('2026-03-29T02:30:00'), code('VALIDACION'));
  });

  it('books the two 02:30s of 2026-10-25 as different instants when the second carries its offset', async () => {
    const w = citasWorld({ now: '2026-10-20T08:00:00Z' });
    const first = await w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-10-25T02:30:00' });
    const second = await w.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-10-25T02:30:00+01:00' });
    assert.equal(second.inicio.getTime() - first.inicio.getTime(), 3_600_000);
    await assert.rejects(w.bookAs(anAdmin(), { idPaciente: 3, fecha: '2026-10-25T02:30:00+02:00' }), code('DOCTOR_OCUPADO'));
  });

  it('caps a patient at maxFutureCitas future active citas (422 LIMITE_CITAS); past and cancelled ones do not count', async () => {
    const w = citasWorld({ policy: { maxFutureCitas: 2 } });
    const a = await w.bookAs(aPaciente(1), { fecha: '2026-03-03T10:00:00' });
    await w.bookAs(aPaciente(1), { fecha: '2026-03-04T10:00:00' });
    await assert.rejects(w.bookAs(aPaciente(1), { fecha: '2026-03-05T10:00:00' }), code('LIMITE_CITAS'));
    await w.cancel.execute({ idCita: a.id }, aPaciente(1));
    await w.bookAs(aPaciente(1), { fecha: '2026-03-05T10:00:00' });
    w.clock.set('2026-03-04T12:00:00Z'); // the 03-04 cita is now in the past
    await w.bookAs(aPaciente(1), { fecha: '2026-03-06T10:00:00' });
    await assert.rejects(w.bookAs(aPaciente(1), { fecha: '2026-03-07T10:00:00' }), code('LIMITE_CITAS'));
  });

  it('defaults the cap to 5', async () => {
    const w = citasWorld();
    for (let d = 3; d <= 7; d++) await w.bookAs(aPaciente(2), { idPaciente: 2, fecha: `2026-03-0${d}T10:00:00` });
    await assert.rejects(w.bookAs(aPaciente(2), { idPaciente: 2, fecha: '2026-03-09T10:00:00' }), code('LIMITE_CITAS'));
  });

  it("checks the doctor's agenda inside the transaction and books nothing when it refuses", async () => {
    const w = citasWorld();
    // Doctor 1 works Tuesday mornings at center 1 only; the booking asks for center 2.
    await w.fakes!.schedules.replace({ idDoctor: 1, idCentro: 1, franjas: [{ dia: 2, desde: '09:00', hasta: '14:00' }], duracionCitaMin: 15 });
    await assert.rejects(w.bookAs(anAdmin(), { idCentro: 2, duracionMin: 45 }), code('FUERA_DE_HORARIO'));
    assert.equal(w.fakes!.appointments.all().length, 0);
    assert.equal(w.fakes!.outbox.all().length, 0);
    // The same slot at the doctor's own center is fine: the refusal was the agenda's.
    await w.bookAs(anAdmin(), { idCentro: 1, duracionMin: 45 });
    assert.equal(w.fakes!.appointments.all().length, 1);
  });
});
