import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertValidHorario, type Horario } from '../../../core/domain/schedule';
import { weeklyPlan } from '../../../loader/load-schedules';

describe("the loader's weekly schedule plan", () => {
  const doctors = Array.from({ length: 12 }, (_, i) => ({ id: 100 - i, nombre: `Doctor ${i}` }));
  const centers = [6, 2, 4].map((id) => ({ id, nombre: `Centro ${id}` }));

  it('gives every doctor a schedule the agenda accepts: no franja overlapping another, at any center', () => {
    const plan = weeklyPlan(doctors, centers);
    assert.deepEqual(new Set(plan.map((p) => p.idDoctor)), new Set(doctors.map((d) => d.id)));
    for (const d of doctors) {
      const mine: Horario[] = plan.filter((p) => p.idDoctor === d.id).map((p) => ({ idDoctor: p.idDoctor, idCentro: p.idCentro, franjas: p.franjas, duracionCitaMin: p.duracion_cita_min }));
      mine.forEach((h, i) => assertValidHorario(h, mine.filter((_, j) => j !== i)));
    }
  });

  it('puts the first doctor at the first center on weekday mornings (where the loader books its cita)', () => {
    const [first] = weeklyPlan(doctors, centers);
    assert.equal(first.idDoctor, 89);
    assert.equal(first.idCentro, 2);
    for (const dia of [1, 2, 3, 4, 5]) assert.ok(first.franjas.some((f) => f.dia === dia && f.desde <= '10:00' && f.hasta >= '14:00'));
  });

  it('spreads doctors over the centers, and plans nothing without centers', () => {
    assert.deepEqual(new Set(weeklyPlan(doctors, centers).map((p) => p.idCentro)), new Set([2, 4, 6]));
    assert.deepEqual(weeklyPlan(doctors, []), []);
  });
});
