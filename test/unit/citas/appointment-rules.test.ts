import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type Cita, citaNotFound, ESTADO_CITA_LABEL, ESTADOS_CITA, finOf, isActive, overlaps } from '../../../core/domain/appointment';
import { assertMay, may, scopeListFilter } from '../../../core/domain/access';
import { assertCancellable, assertChangeable, assertStatusChange, canTransition } from '../../../core/domain/appointment-lifecycle';
import { aMedico, anAdmin, aPaciente, aSecretaria } from '../../builders/principals';
import { code } from './expect';

const cita = (over: Partial<Cita> = {}): Cita => ({
  id: 7,
  inicio: new Date('2026-03-03T09:00:00Z'),
  duracionMin: 30,
  motivo: 'Revisión',
  estado: 'Programada',
  idPaciente: 1,
  idDoctor: 1,
  idCentro: 1,
  idUserRegistrado: 1,
  ...over,
});
const BEFORE = new Date('2026-03-03T08:00:00Z');
const AFTER = new Date('2026-03-03T09:00:00Z');

describe('cita rules', () => {
  it('allows exactly the transitions of the contract', () => {
    const allowed = ESTADOS_CITA.flatMap((from) => ESTADOS_CITA.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`));
    assert.deepEqual(allowed.sort(), [
      'Confirmada->Atendida',
      'Confirmada->Cancelada',
      'Confirmada->NoAsistio',
      'Programada->Cancelada',
      'Programada->Confirmada',
    ]);
  });

  it('only Programada and Confirmada are active', () => {
    assert.deepEqual(ESTADOS_CITA.filter((estado) => isActive({ estado })), ['Programada', 'Confirmada']);
  });

  it('intervals are half-open: touching citas do not overlap', () => {
    const a = { inicio: new Date('2026-03-03T09:00:00Z'), fin: new Date('2026-03-03T09:30:00Z') };
    assert.equal(overlaps(a, { inicio: new Date('2026-03-03T09:30:00Z'), fin: new Date('2026-03-03T10:00:00Z') }), false);
    assert.equal(overlaps(a, { inicio: new Date('2026-03-03T09:29:00Z'), fin: new Date('2026-03-03T10:00:00Z') }), true);
    assert.equal(overlaps(a, { inicio: new Date('2026-03-03T09:10:00Z'), fin: new Date('2026-03-03T09:20:00Z') }), true);
    assert.equal(finOf(cita({ duracionMin: 45 })).toISOString(), '2026-03-03T09:45:00.000Z');
  });

  it('names the reason a cancellation or change is refused', () => {
    assert.throws(() => assertCancellable(cita({ estado: 'Cancelada' }), BEFORE), code('CITA_YA_CANCELADA'));
    // A replaced cita is cancelled too, but its successor stands: the answer points to the one to cancel.
    assert.throws(() => assertCancellable(cita({ estado: 'Cancelada', idCitaNueva: 9 }), BEFORE), code('CITA_REEMPLAZADA', /cancele la nueva/));
    assert.throws(() => assertCancellable(cita(), AFTER), code('CITA_PASADA'));
    assert.throws(() => assertCancellable(cita({ estado: 'Atendida' }), BEFORE), code('TRANSICION_INVALIDA'));
    assert.throws(() => assertChangeable(cita({ estado: 'Cancelada', idCitaNueva: 9 }), BEFORE), code('CITA_REEMPLAZADA', /modifique la nueva/));
    assert.throws(() => assertChangeable(cita({ estado: 'Cancelada' }), BEFORE), code('CITA_YA_CANCELADA'));
    assert.throws(() => assertChangeable(cita({ estado: 'NoAsistio' }), BEFORE), code('TRANSICION_INVALIDA'));
    assert.throws(() => assertChangeable(cita({ estado: 'Confirmada' }), AFTER), code('CITA_PASADA'));
    assert.doesNotThrow(() => assertChangeable(cita({ estado: 'Confirmada' }), BEFORE));
    assert.throws(() => assertStatusChange(cita({ estado: 'Confirmada' }), 'Atendida', BEFORE), code('TRANSICION_INVALIDA'));
    assert.doesNotThrow(() => assertStatusChange(cita({ estado: 'Confirmada' }), 'Atendida', AFTER));
  });

  it('says "esta cita", never its number nor its successor\'s: the page shows these words verbatim, and nobody there sees cita numbers', () => {
    const replaced = cita({ estado: 'Cancelada', idCitaNueva: 9 });
    const said = (f: () => void): string => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      assert.fail('no refusal');
    };
    assert.deepEqual(
      [
        said(() => assertCancellable(replaced, BEFORE)),
        said(() => assertChangeable(replaced, BEFORE)),
        said(() => assertStatusChange(replaced, 'Confirmada', BEFORE)),
        said(() => assertCancellable(cita({ estado: 'Cancelada' }), BEFORE)),
        said(() => assertCancellable(cita(), AFTER)),
        said(() => assertChangeable(cita({ estado: 'Cancelada' }), BEFORE)),
        said(() => assertChangeable(cita({ estado: 'Confirmada' }), AFTER)),
        said(() => assertStatusChange(cita({ estado: 'Confirmada' }), 'Atendida', BEFORE)),
        said(() => assertChangeable(cita({ estado: 'NoAsistio' }), BEFORE)),
        said(() => assertCancellable(cita({ estado: 'NoAsistio' }), BEFORE)),
        said(() => assertStatusChange(cita({ estado: 'Programada' }), 'NoAsistio', AFTER)),
        citaNotFound().message,
      ],
      [
        'Esta cita ya se cambió por otra; cancele la nueva.',
        'Esta cita ya se cambió por otra; modifique la nueva.',
        'Esta cita ya se cambió por otra; cambie el estado de la nueva.',
        'Esta cita ya está cancelada.',
        'Esta cita ya ha comenzado y no puede cancelarse.',
        'Esta cita está cancelada y no puede modificarse.',
        'Esta cita ya ha comenzado y no puede modificarse.',
        'Esta cita está marcada como «Confirmada» y no puede marcarse como «Atendida»: todavía no ha comenzado.',
        'Esta cita está marcada como «No asistió» y ya no puede modificarse.',
        'Esta cita está marcada como «No asistió» y no puede marcarse como «Cancelada».',
        'Esta cita está marcada como «Programada» y no puede marcarse como «No asistió»: primero debe confirmarse.',
        'Esta cita no existe.',
      ],
    );
  });

  it('says each estado as people say it, from one list: every estado has its words, NoAsistio\'s "No asistió"', () => {
    assert.deepEqual(Object.keys(ESTADO_CITA_LABEL).sort(), [...ESTADOS_CITA].sort());
    assert.equal(ESTADO_CITA_LABEL.NoAsistio, 'No asistió');
  });

  it('visibility: admin, secretaria, its doctor, its patient', () => {
    const c = cita({ idDoctor: 2, idPaciente: 3 });
    assert.deepEqual(
      [anAdmin(), aSecretaria(), aMedico(2), aPaciente(3), aMedico(3), aPaciente(2)].map((p) => may(p, 'cita.consultar', c)),
      [true, true, true, true, false, false],
    );
    assert.equal(may({ userId: 9, username: 'x', rol: 'medico' }, 'cita.consultar', c), false, 'a medico token without id_doctor sees nothing');
  });

  it('booking permission and listing scope', () => {
    assert.doesNotThrow(() => assertMay(anAdmin(), 'cita.reservar', { idPaciente: 5 }));
    assert.doesNotThrow(() => assertMay(aPaciente(5), 'cita.reservar', { idPaciente: 5 }));
    assert.throws(() => assertMay(aPaciente(4), 'cita.reservar', { idPaciente: 5 }), code('PROHIBIDO'));
    assert.throws(() => assertMay({ userId: 9, username: 'x', rol: 'paciente' }, 'cita.reservar', { idPaciente: 5 }), code('PROHIBIDO'));
    const byCenter: { idCentro: number; idDoctor?: number } = { idCentro: 1 };
    assert.deepEqual(scopeListFilter(aMedico(2), byCenter), { idCentro: 1, idDoctor: 2 });
    assert.deepEqual(scopeListFilter(aPaciente(3), {}), { idPaciente: 3 });
    assert.deepEqual(scopeListFilter(aSecretaria(), { idDoctor: 4 }), { idDoctor: 4 });
    assert.throws(() => scopeListFilter({ userId: 9, username: 'x', rol: 'medico' }, {}), code('PROHIBIDO'));
  });
});
