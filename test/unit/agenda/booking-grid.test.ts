import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { anAdmin, aPaciente, aSecretaria } from '../../builders/principals';
import { code } from '../citas/expect';
import { agendaWorld, MORNINGS } from './agenda-world';

/**
 * The booking grid (contract, third wave): when the doctor has a schedule, a
 * patient books and changes to exactly a free slot that GET
 * /citas/disponibilidad offers, with the schedule's duracion_cita_min;
 * anything else is 422 FUERA_DE_HUECO. Staff may place a cita at any start and
 * length inside the schedule. Doctor 1 works mornings at center 1; the world's
 * "now" is Monday 2026-03-02 09:00, so Tuesday 03-03 is free.
 */
async function withMornings(duracionCitaMin = 30) {
  const w = agendaWorld();
  await w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas: MORNINGS, duracionCitaMin }, w.caller(anAdmin()));
  return w;
}

describe('the booking grid', () => {
  it('refuses a patient any start or length that is not a free slot: odd minutes, milliseconds, short or long citas', async () => {
    const w = await withMornings();
    const paciente = aPaciente(1);
    await assert.rejects(w.bookAs(paciente, { fecha: '2026-03-03T09:07:13.999', duracionMin: 5 }), code('FUERA_DE_HUECO', /disponibilidad/));
    await assert.rejects(w.bookAs(paciente, { fecha: '2026-03-03T10:15:00' }), code('FUERA_DE_HUECO'));
    await assert.rejects(w.bookAs(paciente, { fecha: '2026-03-03T10:00:00', duracionMin: 480 }), code('FUERA_DE_HORARIO'));
    await assert.rejects(w.bookAs(paciente, { fecha: '2026-03-03T10:00:00', duracionMin: 120 }), code('FUERA_DE_HUECO', /30 min/));
    await assert.rejects(w.bookAs(paciente, { fecha: '2026-03-03T10:00:00', duracionMin: 5 }), code('FUERA_DE_HUECO'));
    assert.equal(w.appointments.all().length, 0);

    const cita = await w.bookAs(paciente, { fecha: '2026-03-03T10:00:00', duracionMin: 30 });
    assert.equal(cita.estado, 'Programada');
  });

  it('gives a patient the schedule’s duracion_cita_min when the booking names no duration', async () => {
    const w = await withMornings(20);
    const cita = await w.bookAs(aPaciente(1), { fecha: '2026-03-03T09:20:00' });
    assert.equal(cita.duracionMin, 20);
    await assert.rejects(w.bookAs(aPaciente(2), { idPaciente: 2, fecha: '2026-03-03T09:40:00', duracionMin: 30 }), code('FUERA_DE_HUECO', /20 min/));
  });

  it('is the grid disponibilidad answers: after an odd booking by staff, the patient books the shifted slots offered, and only those', async () => {
    const w = await withMornings();
    await w.bookAs(anAdmin(), { fecha: '2026-03-03T09:10:00', idPaciente: 2 });
    const { huecos } = await w.availability.execute({ idDoctor: 1, fecha: '2026-03-03', idCentro: 1 }, w.caller(aPaciente(1)));
    assert.equal(huecos[0].inicio.toISOString(), w.at('2026-03-03T09:40:00').toISOString());
    await assert.rejects(w.bookAs(aPaciente(1), { fecha: '2026-03-03T10:00:00' }), code('FUERA_DE_HUECO'));
    for (const [i, h] of huecos.slice(0, 3).entries()) {
      const idPaciente = [1, 3, 4][i];
      const input = { inicio: h.inicio, motivo: 'Revisión', idPaciente, idDoctor: 1, idCentro: 1 };
      const { cita } = await w.book.execute(input, w.caller(aPaciente(idPaciente)));
      assert.equal(cita.inicio.toISOString(), h.inicio.toISOString());
    }
  });

  it('lets admin place a cita at any start and length inside the schedule, and secretaria move one the same way', async () => {
    const w = await withMornings();
    const odd = await w.bookAs(anAdmin(), { fecha: '2026-03-03T09:07:13.999', duracionMin: 5 });
    assert.equal(odd.estado, 'Programada');
    const moved = await w.reschedule.execute({ idCita: odd.id, inicio: w.at('2026-03-03T11:05:00'), duracionMin: 45 }, w.caller(aSecretaria()));
    assert.equal(moved.citaNueva.duracionMin, 45);
  });

  it('holds for a patient’s change too: only to a free slot, where their own cita does not count as taken', async () => {
    const w = await withMornings();
    const mine = await w.bookAs(aPaciente(1), { fecha: '2026-03-03T10:00:00' });
    const paciente = w.caller(aPaciente(1));
    await assert.rejects(w.reschedule.execute({ idCita: mine.id, inicio: w.at('2026-03-03T10:05:00') }, paciente), code('FUERA_DE_HUECO'));
    await assert.rejects(w.reschedule.execute({ idCita: mine.id, duracionMin: 60 }, paciente), code('FUERA_DE_HUECO'));
    // 09:45 overlaps the cita being changed: once it moves, 09:30 is a free slot and 09:45 is not.
    await assert.rejects(w.reschedule.execute({ idCita: mine.id, inicio: w.at('2026-03-03T09:45:00') }, paciente), code('FUERA_DE_HUECO'));
    const { citaNueva } = await w.reschedule.execute({ idCita: mine.id, inicio: w.at('2026-03-03T09:30:00') }, paciente);
    assert.equal(citaNueva.inicio.toISOString(), w.at('2026-03-03T09:30:00').toISOString());
  });

  it('lets a patient keep the slot staff gave them (a new motivo is no move), and move to any slot disponibilidad shows them', async () => {
    const w = await withMornings();
    const placed = await w.bookAs(anAdmin(), { fecha: '2026-03-03T09:10:00' });
    const paciente = w.caller(aPaciente(1));
    const { citaNueva } = await w.reschedule.execute({ idCita: placed.id, motivo: 'Dolor de muelas' }, paciente);
    assert.equal(citaNueva.inicio.toISOString(), placed.inicio.toISOString());
    const { huecos } = await w.availability.execute({ idDoctor: 1, fecha: '2026-03-03', idCentro: 1 }, paciente);
    const later = huecos.find((h) => h.inicio.toISOString() === w.at('2026-03-03T10:10:00').toISOString());
    assert.ok(later, 'disponibilidad offers 10:10 after the 09:10-09:40 cita');
    const moved = await w.reschedule.execute({ idCita: citaNueva.id, inicio: later.inicio }, paciente);
    assert.equal(moved.citaNueva.duracionMin, 30);
  });

  it('lets a patient move a cita to a slot disponibilidad offers without naming its length: the slot’s own, as a booking gets', async () => {
    const w = await withMornings();
    await w.setSchedule.execute({ idDoctor: 2, idCentro: 2, franjas: MORNINGS, duracionCitaMin: 20 }, w.caller(anAdmin()));
    const paciente = w.caller(aPaciente(1));
    const mine = await w.bookAs(aPaciente(1), { fecha: '2026-03-03T10:00:00' });
    assert.equal(mine.duracionMin, 30);

    // Another doctor, whose slots last 20 minutes: the patient sends the slot's start and the doctor, as the page does.
    const { huecos } = await w.availability.execute({ idDoctor: 2, fecha: '2026-03-04', idCentro: 2 }, paciente);
    const slot = huecos[1];
    const { citaNueva } = await w.reschedule.execute({ idCita: mine.id, inicio: slot.inicio, idDoctor: 2, idCentro: 2 }, paciente);
    assert.equal(citaNueva.inicio.toISOString(), slot.inicio.toISOString());
    assert.equal(citaNueva.duracionMin, 20, 'the slot offered was 20 minutes long');

    // The clinic shortens doctor 1's slots after a booking: the patient moves hers to one of the new slots.
    const other = await w.bookAs(aPaciente(3), { idPaciente: 3, fecha: '2026-03-05T10:00:00' });
    await w.setSchedule.execute({ idDoctor: 1, idCentro: 1, franjas: MORNINGS, duracionCitaMin: 15 }, w.caller(anAdmin()));
    const moved = await w.reschedule.execute({ idCita: other.id, inicio: w.at('2026-03-05T11:15:00') }, w.caller(aPaciente(3)));
    assert.equal(moved.citaNueva.duracionMin, 15);
  });

  it('keeps the old length when staff move a cita without naming one (they place any length)', async () => {
    const w = await withMornings();
    await w.setSchedule.execute({ idDoctor: 2, idCentro: 2, franjas: MORNINGS, duracionCitaMin: 20 }, w.caller(anAdmin()));
    const long = await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00', duracionMin: 45 });
    const { citaNueva } = await w.reschedule.execute({ idCita: long.id, inicio: w.at('2026-03-04T09:00:00'), idDoctor: 2, idCentro: 2 }, w.caller(aSecretaria()));
    assert.equal(citaNueva.duracionMin, 45);
  });

  it('does not apply to a doctor without a schedule: a patient books any future time', async () => {
    const w = agendaWorld();
    const cita = await w.bookAs(aPaciente(1), { fecha: '2026-03-03T09:07:00', duracionMin: 5 });
    assert.equal(cita.estado, 'Programada');
  });
});
