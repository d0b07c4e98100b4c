import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../../core/domain/errors';
import { citasWorld } from '../../builders/citas-world';
import { aCenter, aDoctor, aPatient } from '../../builders/directory-cards';
import { anAdmin, aPaciente, aSecretaria } from '../../builders/principals';
import { code } from './expect';

/**
 * The words of a booking's refusals, shown verbatim at the front desk: the
 * people by their names (as far as the caller may know them), a patient
 * spoken to about her own citas, the time as the clinic's wall clock in
 * Spanish, and no id of someone else's cita.
 */

const DOCTORA = 'Laura Fernández Benítez';
const JORDI = 'Jordi Álvarez Molina';
const BLANCA = 'Blanca Gutiérrez García';
const NORTE = 'Clínica Norte';
const SUR = 'Clínica Sur';

/** The default world, with names a test can tell apart: doctor 1 Laura, patients 1 Jordi and 2 Blanca, centers 1 Norte and 2 Sur. */
function namedWorld(options: Parameters<typeof citasWorld>[0] = {}) {
  const w = citasWorld(options);
  w.directory.withDoctor(aDoctor().withId(1).named(DOCTORA).build());
  w.directory.withPatient(aPatient().withId(1).named(JORDI).build());
  w.directory.withPatient(aPatient().withId(2).named(BLANCA).build());
  w.directory.withCenter(aCenter().withId(1).named(NORTE).build());
  w.directory.withCenter(aCenter().withId(2).named(SUR).build());
  return w;
}

const messageOf = async (attempt: Promise<unknown>): Promise<string> => {
  let message = '';
  await assert.rejects(attempt, (err) => {
    assert.ok(err instanceof DomainError, String(err));
    message = err.message;
    return true;
  });
  return message;
};

describe('the words of a booking refusal', () => {
  it("names the doctor and, to staff, the cita in the way with its time in the clinic's words", async () => {
    const w = namedWorld();
    const theirs = await w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-03-03T10:00:00' });
    await assert.rejects(
      w.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-03-03T10:15:00' }),
      code(
        'DOCTOR_OCUPADO',
        new RegExp(`^La agenda de ${DOCTORA} ya tiene una cita de 30 min el martes, 3 de marzo de 2026, a las 10:00, que se solapa con el horario pedido: ese hueco está ocupado\\.$`),
      ),
    );
  });

  it("tells a patient only that the doctor's time is taken: the doctor's name, never the other patient's cita", async () => {
    const w = namedWorld();
    const theirs = await w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-03-03T10:00:00' });
    const message = await messageOf(w.bookAs(aPaciente(2), { idPaciente: 2, fecha: '2026-03-03T10:15:00' }));
    assert.equal(message, `La agenda de ${DOCTORA} ya tiene otra cita que se solapa con el horario pedido: ese hueco está ocupado.`);
    assert.doesNotMatch(message, new RegExp(`${JORDI}|\\b${theirs.id}\\b|10:00`));
  });

  it('speaks to a patient about her own cita in the way, and names her to staff', async () => {
    const w = namedWorld();
    const own = await w.bookAs(aPaciente(1), { idDoctor: 1, fecha: '2026-03-03T10:00:00' });
    const toHer = await messageOf(w.bookAs(aPaciente(1), { idDoctor: 2, fecha: '2026-03-03T10:15:00' }));
    assert.equal(toHer, `Ya tiene una cita de 30 min el martes, 3 de marzo de 2026, a las 10:00, que se solapa con el horario pedido.`);
    const toStaff = await messageOf(w.bookAs(anAdmin(), { idPaciente: 1, idDoctor: 2, fecha: '2026-03-03T10:15:00' }));
    assert.equal(toStaff, `${JORDI} ya tiene una cita de 30 min el martes, 3 de marzo de 2026, a las 10:00, que se solapa con el horario pedido.`);
  });

  it('words a change that meets a taken slot the same way, after saying the cita could not be changed', async () => {
    const w = namedWorld();
    await w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-03-03T10:00:00' });
    const mine = await w.bookAs(aPaciente(2), { idPaciente: 2, fecha: '2026-03-03T11:00:00' });
    const message = await messageOf(w.reschedule.execute({ idCita: mine.id, inicio: w.at('2026-03-03T10:15:00') }, w.directoryCaller(aPaciente(2))));
    assert.equal(message, `No se pudo cambiar la cita: La agenda de ${DOCTORA} ya tiene otra cita que se solapa con el horario pedido: ese hueco está ocupado.`);
  });

  it('says which of the two 02:30s of the night the clocks go back the cita in the way starts at', async () => {
    const w = namedWorld({ now: '2026-10-20T08:00:00Z' });
    const first = await w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-10-25T02:30:00+02:00' });
    const second = await w.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-10-25T02:30:00+01:00' });
    const early = await messageOf(w.bookAs(anAdmin(), { idPaciente: 3, fecha: '2026-10-25T02:45:00+02:00' }));
    assert.match(early, new RegExp(`una cita de 30 min el domingo, 25 de octubre de 2026, a las 02:30 \\(UTC\\+02:00\\), que`));
    const late = await messageOf(w.bookAs(anAdmin(), { idPaciente: 3, fecha: '2026-10-25T02:45:00+01:00' }));
    assert.match(late, new RegExp(`una cita de 30 min el domingo, 25 de octubre de 2026, a las 02:30 \\(UTC\\+01:00\\), que`));
  });

  it('words a refusal of the store (a cita booked between the checks and the write) like the rule, with the names', async () => {
    const w = namedWorld();
    await w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-03-03T10:00:00' });
    // The checks see no cita in the way, as when another process books it between them and the write; the store refuses.
    w.fakes!.appointments.activeOverlapping = async () => [];
    const toStaff = await messageOf(w.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-03-03T10:15:00' }));
    assert.equal(toStaff, `La agenda de ${DOCTORA} ya tiene otra cita que se solapa con el horario pedido: ese hueco está ocupado.`);
    const toHer = await messageOf(w.bookAs(aPaciente(1), { idPaciente: 1, idDoctor: 2, fecha: '2026-03-03T10:15:00' }));
    assert.equal(toHer, 'Ya tiene otra cita que se solapa con el horario pedido.');
  });

  it('speaks to a patient at her cap, names her to staff, and says what either can do (422 LIMITE_CITAS)', async () => {
    const w = namedWorld({ policy: { maxFutureCitas: 2, reservaSecretaria: true } });
    await w.bookAs(aPaciente(1), { fecha: '2026-03-03T10:00:00' });
    await w.bookAs(aPaciente(1), { fecha: '2026-03-04T10:00:00' });
    assert.equal(await messageOf(w.bookAs(aPaciente(1), { fecha: '2026-03-05T10:00:00' })), 'Ya tiene 2 citas futuras activas; el máximo es 2. Para reservar otra, cancele una de ellas o espere a que pase alguna.');
    assert.equal(await messageOf(w.bookAs(aSecretaria(), { fecha: '2026-03-05T10:00:00' })), `${JORDI} ya tiene 2 citas futuras activas; el máximo es 2. Para reservar otra, cancele una de ellas o espere a que pase alguna.`);

    const one = namedWorld({ policy: { maxFutureCitas: 1 } });
    await one.bookAs(aPaciente(1), { fecha: '2026-03-03T10:00:00' });
    assert.equal(await messageOf(one.bookAs(aPaciente(1), { fecha: '2026-03-05T10:00:00' })), 'Ya tiene 1 cita futura activa; el máximo es 1. Para reservar otra, cancélela o espere a que pase.');
  });

  it("writes a start already past in the clinic's words (FECHA_PASADA)", async () => {
    const w = namedWorld();
    await assert.rejects(
      w.bookAs(anAdmin(), { fecha: '2026-03-02T08:30:00' }),
      code('FECHA_PASADA', /^La cita debe empezar en el futuro: el lunes, 2 de marzo de 2026, a las 08:30 ya ha pasado\.$/),
    );
  });
});

describe("the words of the agenda's refusals of a booking", () => {
  /** Laura sees patients at Norte on Mondays, 09:00-14:00 and 16:00-18:00, in 30-minute slots, and on Sundays 09:00-10:00. */
  async function scheduledWorld(options: Parameters<typeof citasWorld>[0] = {}) {
    const w = namedWorld(options);
    const franjas = [
      { dia: 1, desde: '09:00', hasta: '14:00' },
      { dia: 1, desde: '16:00', hasta: '18:00' },
      { dia: 7, desde: '09:00', hasta: '10:00' },
    ];
    await w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas, duracionCitaMin: 30 }, w.directoryCaller(anAdmin()));
    return w;
  }

  it("says the cita's hours and day in words, the doctor and the center by name, and the franjas of that day (FUERA_DE_HORARIO)", async () => {
    const w = await scheduledWorld();
    assert.equal(
      await messageOf(w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' })),
      `La cita de 10:00 a 10:30 del martes, 3 de marzo de 2026, queda fuera del horario de ${DOCTORA}: el martes no atiende en ${NORTE}.`,
    );
    assert.equal(
      await messageOf(w.bookAs(anAdmin(), { fecha: '2026-03-09T13:45:00' })),
      `La cita de 13:45 a 14:15 del lunes, 9 de marzo de 2026, queda fuera del horario de ${DOCTORA}: el lunes atiende en ${NORTE} de 09:00 a 14:00 y de 16:00 a 18:00.`,
    );
    assert.equal(
      await messageOf(w.bookAs(aPaciente(1), { fecha: '2026-03-09T10:00:00', idCentro: 2 })),
      `La cita de 10:00 a 10:30 del lunes, 9 de marzo de 2026, queda fuera del horario de ${DOCTORA}: no tiene horario en ${SUR}.`,
    );
  });

  it('gives each end of a cita on the repeated hour its offset, so it never reads as ending before it starts', async () => {
    const w = await scheduledWorld({ now: '2027-10-20T08:00:00Z' });
    assert.equal(
      await messageOf(w.bookAs(anAdmin(), { fecha: '2027-10-31T02:30:00+02:00', duracionMin: 30 })),
      `La cita de 02:30 (UTC+02:00) a 02:00 (UTC+01:00) del domingo, 31 de octubre de 2027, queda fuera del horario de ${DOCTORA}: el domingo atiende en ${NORTE} de 09:00 a 10:00.`,
    );
  });

  it("says when the doctor is away in the clinic's words, by name (DOCTOR_AUSENTE), also on a change", async () => {
    const w = await scheduledWorld();
    const caller = w.directoryCaller(anAdmin());
    await w.addAbsence.execute({ idDoctor: 1, desde: w.at('2026-03-09T00:00:00'), hasta: w.at('2026-03-11T00:00:00') }, caller);
    await w.addAbsence.execute({ idDoctor: 1, desde: w.at('2026-03-16T10:00:00'), hasta: w.at('2026-03-16T12:00:00') }, caller);
    assert.equal(
      await messageOf(w.bookAs(anAdmin(), { fecha: '2026-03-09T10:00:00' })),
      `${DOCTORA} está ausente del lunes, 9 de marzo de 2026, a las 00:00 al miércoles, 11 de marzo de 2026, a las 00:00.`,
    );
    const mine = await w.bookAs(aPaciente(1), { fecha: '2026-03-16T09:00:00' });
    assert.equal(
      await messageOf(w.reschedule.execute({ idCita: mine.id, inicio: w.at('2026-03-16T10:30:00') }, w.directoryCaller(aPaciente(1)))),
      `No se pudo cambiar la cita: ${DOCTORA} está ausente de 10:00 a 12:00 del lunes, 16 de marzo de 2026.`,
    );
  });

  it("tells a patient off the grid the cita's hours in words and the slots' length at the center by name (FUERA_DE_HUECO)", async () => {
    const w = await scheduledWorld();
    assert.equal(
      await messageOf(w.bookAs(aPaciente(1), { fecha: '2026-03-09T10:15:00', duracionMin: 45 })),
      `La cita de 10:15 a 11:00 del lunes, 9 de marzo de 2026, no es un hueco libre de la agenda de ${DOCTORA}: ` +
        `elija el inicio de un hueco de la disponibilidad, con la duración de las citas en ${NORTE} (30 min).`,
    );
  });
});

describe('the words of the conflictos a schedule or an absence leaves', () => {
  it("writes each conflicto's detalle as the refusal a booking would get, with the doctor and the center looked up by name", async () => {
    const w = namedWorld();
    const caller = w.directoryCaller(anAdmin());
    const tuesday = await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' });
    const atSur = await w.bookAs(anAdmin(), { fecha: '2026-03-09T12:00:00', idCentro: 2 });
    const set = await w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas: [{ dia: 1, desde: '09:00', hasta: '14:00' }] }, caller);
    assert.deepEqual(
      set.conflictos.map((c) => [c.cita.id, c.violation.message]),
      [
        [tuesday.id, `La cita de 10:00 a 10:30 del martes, 3 de marzo de 2026, queda fuera del horario de ${DOCTORA}: el martes no atiende en ${NORTE}.`],
        // The schedule's lookup named center 1 only: another center keeps the id its cita carries.
        [atSur.id, `La cita de 12:00 a 12:30 del lunes, 9 de marzo de 2026, queda fuera del horario de ${DOCTORA}: no tiene horario en el centro 2.`],
      ],
    );
    const away = await w.addAbsence.execute({ idDoctor: 1, desde: w.at('2026-03-09T11:00:00'), hasta: w.at('2026-03-09T13:00:00') }, caller);
    assert.deepEqual(
      away.conflictos.map((c) => [c.cita.id, c.violation.message]),
      [[atSur.id, `${DOCTORA} está ausente de 11:00 a 13:00 del lunes, 9 de marzo de 2026.`]],
    );
  });
});

describe("the words of a refusal of the booking's parties", () => {
  it('names the doctor, the center and, to staff, the patient that can no longer be booked', async () => {
    const w = namedWorld();
    w.directory.withDoctor(aDoctor().withId(1).named(DOCTORA).inactive().build());
    assert.equal(await messageOf(w.bookAs(anAdmin())), `No se admiten citas con ${DOCTORA}: está de baja.`);
    w.directory.withDoctor(aDoctor().withId(1).named(DOCTORA).build());
    w.directory.withCenter(aCenter().withId(1).named(NORTE).inactive().build());
    assert.equal(await messageOf(w.bookAs(aPaciente(1))), `No se admiten citas en ${NORTE}: el centro está inactivo.`);
    w.directory.withCenter(aCenter().withId(1).named(NORTE).build());
    w.directory.withPatient(aPatient().withId(2).named(BLANCA).inactive().build());
    assert.equal(await messageOf(w.bookAs(anAdmin(), { idPaciente: 2 })), `${BLANCA} no puede tener citas nuevas: su ficha está inactiva.`);
  });

  it('says the same when a change moves a cita to a doctor or center gone since', async () => {
    const w = namedWorld();
    w.directory.withDoctor(aDoctor().withId(2).named('Patricio Díaz Arias').inactive().build());
    const mine = await w.bookAs(aPaciente(1));
    assert.equal(
      await messageOf(w.reschedule.execute({ idCita: mine.id, idDoctor: 2 }, w.directoryCaller(aPaciente(1)))),
      `No se pudo cambiar la cita: No se admiten citas con Patricio Díaz Arias: está de baja.`,
    );
  });

  it('keeps the id a record the directory does not know by, since it is what was sent', async () => {
    const w = namedWorld();
    assert.equal(await messageOf(w.bookAs(anAdmin(), { idDoctor: 99 })), 'No existe ningún doctor con id 99.');
    assert.equal(await messageOf(w.bookAs(anAdmin(), { idCentro: 99 })), 'No existe ningún centro con id 99.');
    assert.equal(await messageOf(w.bookAs(anAdmin(), { idPaciente: 99 })), 'No existe ningún paciente con id 99.');
  });

  it('names the doctor and the center a schedule cannot be given to', async () => {
    const w = namedWorld();
    const franjas = [{ dia: 1, desde: '09:00', hasta: '14:00' }];
    w.directory.withDoctor(aDoctor().withId(1).named(DOCTORA).inactive().build());
    await assert.rejects(
      w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas }, w.directoryCaller(anAdmin())),
      code('DOCTOR_INACTIVO', new RegExp(`^No se puede asignar horario a ${DOCTORA}: está de baja\\.$`)),
    );
    w.directory.withDoctor(aDoctor().withId(1).named(DOCTORA).build());
    w.directory.withCenter(aCenter().withId(2).named(SUR).inactive().build());
    await assert.rejects(
      w.setSchedule.execute({ idDoctor: 1, idCentro: 2, franjas }, w.directoryCaller(anAdmin())),
      code('CENTRO_INACTIVO', new RegExp(`^No se puede asignar horario en ${SUR}: el centro está inactivo\\.$`)),
    );
  });
});
