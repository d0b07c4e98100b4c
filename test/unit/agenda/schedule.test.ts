import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../../core/domain/errors';
import { assertValidHorario, type Horario, parseJornada } from '../../../core/domain/schedule';
import { assertValidAusencia } from '../../../core/domain/absence';

const horario = (franjas: Horario['franjas'], idCentro = 1, duracionCitaMin = 30): Horario => ({ idDoctor: 1, idCentro, franjas, duracionCitaMin });

function problemsOf(fn: () => void): string[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationError, String(err));
    return err.errors.map((e) => `${e.path}: ${e.message}`);
  }
  assert.fail('expected a ValidationError');
}

describe('weekly schedule rules', () => {
  it('accepts several franjas a day that touch but do not overlap', () => {
    assertValidHorario(horario([{ dia: 1, desde: '09:00', hasta: '14:00' }, { dia: 1, desde: '14:00', hasta: '20:00' }, { dia: 7, desde: '10:00', hasta: '24:00' }]), []);
  });

  it('refuses a franja that ends before or when it starts, naming it', () => {
    const problems = problemsOf(() => assertValidHorario(horario([{ dia: 2, desde: '14:00', hasta: '09:00' }]), []));
    assert.deepEqual(problems.length, 1);
    assert.match(problems[0], /^franjas\.0\.hasta: .*14:00-09:00/);
    assert.match(problemsOf(() => assertValidHorario(horario([{ dia: 2, desde: '10:00', hasta: '10:00' }]), []))[0], /después de empezar/);
  });

  it('refuses malformed hours and days outside 1..7', () => {
    const problems = problemsOf(() => assertValidHorario(horario([{ dia: 8, desde: '9:00', hasta: '25:00' }]), []));
    assert.deepEqual(problems.map((p) => p.split(':')[0]).sort(), ['franjas.0.desde', 'franjas.0.dia', 'franjas.0.hasta']);
  });

  it('refuses two franjas overlapping on the same weekday', () => {
    const problems = problemsOf(() =>
      assertValidHorario(horario([{ dia: 3, desde: '09:00', hasta: '14:00' }, { dia: 3, desde: '13:30', hasta: '15:00' }]), []),
    );
    assert.match(problems[0], /franjas\.1: La franja miércoles 13:30-15:00 se solapa con la franja miércoles 09:00-14:00/);
  });

  it('refuses a franja overlapping the same doctor at another center, but not at the center being replaced', () => {
    const elsewhere = horario([{ dia: 1, desde: '16:00', hasta: '20:00' }], 2);
    const problems = problemsOf(() => assertValidHorario(horario([{ dia: 1, desde: '19:00', hasta: '21:00' }], 1), [elsewhere]));
    assert.match(problems[0], /centro 2/);
    assertValidHorario(horario([{ dia: 1, desde: '19:00', hasta: '21:00' }], 2), [elsewhere]);
    assertValidHorario(horario([{ dia: 2, desde: '19:00', hasta: '21:00' }], 1), [elsewhere]);
  });

  it('refuses a slot length that is not a multiple of 5 between 5 and 480', () => {
    assert.match(problemsOf(() => assertValidHorario(horario([], 1, 7), []))[0], /^duracion_cita_min/);
    assert.match(problemsOf(() => assertValidHorario(horario([], 1, 485), []))[0], /^duracion_cita_min/);
  });
});

describe('JORNADA (working day of a doctor without schedule)', () => {
  it('is the given ranges Monday to Friday', () => {
    const franjas = parseJornada('09:00-14:00,16:00-20:00');
    assert.equal(franjas.length, 10);
    assert.deepEqual(new Set(franjas.map((f) => f.dia)), new Set([1, 2, 3, 4, 5]));
    assert.deepEqual(franjas.filter((f) => f.dia === 5), [{ dia: 5, desde: '09:00', hasta: '14:00' }, { dia: 5, desde: '16:00', hasta: '20:00' }]);
  });

  it('fails at start-up on a malformed or overlapping value', () => {
    assert.throws(() => parseJornada('09:00-14:00,13:00-20:00'), /JORNADA no es válida/);
    assert.throws(() => parseJornada('9-14'), /JORNADA/);
    assert.throws(() => parseJornada(''), /vacía/);
  });
});

describe('absence rules', () => {
  const at = (iso: string) => new Date(iso);
  it('needs hasta after desde', () => {
    assert.throws(() => assertValidAusencia({ idDoctor: 1, desde: at('2026-04-06T10:00:00Z'), hasta: at('2026-04-06T10:00:00Z'), motivo: null }), ValidationError);
    assertValidAusencia({ idDoctor: 1, desde: at('2026-04-06T10:00:00Z'), hasta: at('2026-04-06T10:05:00Z'), motivo: 'Curso' });
  });

  it('refuses an absence longer than a year (a typo in the year, most likely)', () => {
    assert.throws(
      () => assertValidAusencia({ idDoctor: 1, desde: at('2026-04-06T00:00:00Z'), hasta: at('2027-04-08T00:00:00Z'), motivo: null }),
      /366 días/,
    );
  });
});
