import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../../core/domain/errors';
import { citasWorld } from '../../builders/citas-world';
import { aDoctor, aPatient } from '../../builders/directory-cards';
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

/** The default world, with names a test can tell apart: doctor 1 Laura, patients 1 Jordi and 2 Blanca. */
function namedWorld(options: Parameters<typeof citasWorld>[0] = {}) {
  const w = citasWorld(options);
  w.directory.withDoctor(aDoctor().withId(1).named(DOCTORA).build());
  w.directory.withPatient(aPatient().withId(1).named(JORDI).build());
  w.directory.withPatient(aPatient().withId(2).named(BLANCA).build());
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
        new RegExp(`^La agenda de ${DOCTORA} ya tiene la cita ${theirs.id} \\(30 min\\) del martes, 3 de marzo de 2026, a las 10:00, que se solapa con el horario pedido: ese hueco está ocupado\\.$`),
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
    assert.equal(toHer, `Ya tiene la cita ${own.id} (30 min) del martes, 3 de marzo de 2026, a las 10:00, que se solapa con el horario pedido.`);
    const toStaff = await messageOf(w.bookAs(anAdmin(), { idPaciente: 1, idDoctor: 2, fecha: '2026-03-03T10:15:00' }));
    assert.equal(toStaff, `${JORDI} ya tiene la cita ${own.id} (30 min) del martes, 3 de marzo de 2026, a las 10:00, que se solapa con el horario pedido.`);
  });

  it('words a change that meets a taken slot the same way, after saying the cita could not be changed', async () => {
    const w = namedWorld();
    await w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-03-03T10:00:00' });
    const mine = await w.bookAs(aPaciente(2), { idPaciente: 2, fecha: '2026-03-03T11:00:00' });
    const message = await messageOf(w.reschedule.execute({ idCita: mine.id, inicio: w.at('2026-03-03T10:15:00') }, w.directoryCaller(aPaciente(2))));
    assert.equal(message, `No se pudo cambiar la cita ${mine.id}: La agenda de ${DOCTORA} ya tiene otra cita que se solapa con el horario pedido: ese hueco está ocupado.`);
  });

  it('says which of the two 02:30s of the night the clocks go back the cita in the way starts at', async () => {
    const w = namedWorld({ now: '2026-10-20T08:00:00Z' });
    const first = await w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-10-25T02:30:00+02:00' });
    const second = await w.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-10-25T02:30:00+01:00' });
    const early = await messageOf(w.bookAs(anAdmin(), { idPaciente: 3, fecha: '2026-10-25T02:45:00+02:00' }));
    assert.match(early, new RegExp(`la cita ${first.id} \\(30 min\\) del domingo, 25 de octubre de 2026, a las 02:30 \\(UTC\\+02:00\\), que`));
    const late = await messageOf(w.bookAs(anAdmin(), { idPaciente: 3, fecha: '2026-10-25T02:45:00+01:00' }));
    assert.match(late, new RegExp(`la cita ${second.id} \\(30 min\\) del domingo, 25 de octubre de 2026, a las 02:30 \\(UTC\\+01:00\\), que`));
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

  it('speaks to a patient at her cap, and names her to staff (422 LIMITE_CITAS)', async () => {
    const w = namedWorld({ policy: { maxFutureCitas: 2, reservaSecretaria: true } });
    await w.bookAs(aPaciente(1), { fecha: '2026-03-03T10:00:00' });
    await w.bookAs(aPaciente(1), { fecha: '2026-03-04T10:00:00' });
    assert.equal(await messageOf(w.bookAs(aPaciente(1), { fecha: '2026-03-05T10:00:00' })), 'Ya tiene 2 citas futuras activas; el máximo es 2.');
    assert.equal(await messageOf(w.bookAs(aSecretaria(), { fecha: '2026-03-05T10:00:00' })), `${JORDI} ya tiene 2 citas futuras activas; el máximo es 2.`);

    const one = namedWorld({ policy: { maxFutureCitas: 1 } });
    await one.bookAs(aPaciente(1), { fecha: '2026-03-03T10:00:00' });
    assert.equal(await messageOf(one.bookAs(aPaciente(1), { fecha: '2026-03-05T10:00:00' })), 'Ya tiene 1 cita futura activa; el máximo es 1.');
  });

  it("writes a start already past in the clinic's words (FECHA_PASADA)", async () => {
    const w = namedWorld();
    await assert.rejects(
      w.bookAs(anAdmin(), { fecha: '2026-03-02T08:30:00' }),
      code('FECHA_PASADA', /^La cita debe empezar en el futuro: el lunes, 2 de marzo de 2026, a las 08:30 ya ha pasado\.$/),
    );
  });
});
