import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredCita } from '../../bench/lib/citas-db';
import { checkInvariants, type Ack, type CitaJson } from '../../bench/lib/invariants';

// The stress proof is only worth something if its checker catches what it
// claims to: each case below stores a state a broken service could leave.

const T0 = Date.parse('2030-03-04T09:00:00Z');
const MIN = 60_000;

function row(id: number, over: Partial<StoredCita> = {}): StoredCita {
  return {
    id,
    inicioMs: T0,
    duracionMin: 30,
    motivo: 'Revisión',
    estado: 'Programada',
    idPaciente: 1,
    idDoctor: 1,
    idCentro: 1,
    idCitaAnterior: null,
    idCitaNueva: null,
    ...over,
  };
}

function json(r: StoredCita): CitaJson {
  return {
    id_cita: r.id,
    fecha: new Date(r.inicioMs).toISOString(),
    duracion_min: r.duracionMin,
    motivo: r.motivo,
    estado: 'Programada',
    id_paciente: r.idPaciente,
    id_doctor: r.idDoctor,
    id_centro: r.idCentro,
  };
}

const created = (r: StoredCita): Ack => ({ kind: 'create', requested: { fecha: new Date(r.inicioMs).toISOString(), id_paciente: r.idPaciente, id_doctor: r.idDoctor }, cita: json(r) });
const opts = { maxFutureCitas: 5, nowMs: T0 - 24 * 60 * MIN, everyRequestAnswered: true };

describe('stress invariant checker', () => {
  it('accepts a consistent history: back-to-back citas, a cancellation and a change', () => {
    const a = row(1);
    const b = row(2, { inicioMs: T0 + 30 * MIN, idPaciente: 2 });
    const old = row(3, { idDoctor: 2, idPaciente: 3, estado: 'Cancelada', idCitaNueva: 4 });
    const nueva = row(4, { idDoctor: 2, idPaciente: 3, inicioMs: T0 + 60 * MIN, idCitaAnterior: 3 });
    const cancelled = row(5, { idPaciente: 4, estado: 'Cancelada' });
    const acks: Ack[] = [
      created(a),
      created(b),
      created({ ...old, estado: 'Programada', idCitaNueva: null }),
      { kind: 'change', oldId: 3, requested: { fecha: new Date(nueva.inicioMs).toISOString() }, nueva: json(nueva), anterior: json(old) },
      created({ ...cancelled, estado: 'Programada' }),
      { kind: 'cancel', id: 5, cita: json(cancelled) },
    ];
    assert.deepEqual(checkInvariants([a, b, old, nueva, cancelled], acks, opts), []);
  });

  it('reports two active citas of one doctor that overlap partly', () => {
    const a = row(1);
    const b = row(2, { inicioMs: T0 + 15 * MIN, idPaciente: 2 });
    const v = checkInvariants([a, b], [created(a), created(b)], opts);
    assert.deepEqual(v, ['doctor 1: active citas 1 and 2 overlap']);
  });

  it('reports a patient booked with two doctors at once, and an overlap hidden behind a long cita', () => {
    const long = row(1, { duracionMin: 120, idDoctor: 1 });
    const short = row(2, { inicioMs: T0 + 30 * MIN, idDoctor: 2 });
    const late = row(3, { inicioMs: T0 + 90 * MIN, idDoctor: 3 });
    const v = checkInvariants([long, short, late], [created(long), created(short), created(late)], opts);
    assert.deepEqual(v, ['patient 1: active citas 1 and 2 overlap', 'patient 1: active citas 1 and 3 overlap']);
  });

  it('ignores cancelled citas when looking for overlaps', () => {
    const a = row(1, { estado: 'Cancelada' });
    const b = row(2);
    const v = checkInvariants([a, b], [created({ ...a, estado: 'Programada' }), { kind: 'cancel', id: 1, cita: json(a) }, created(b)], opts);
    assert.deepEqual(v, []);
  });

  it('reports an acknowledged cita that is missing or stored with other values', () => {
    const stored = row(1, { idDoctor: 9 });
    const v = checkInvariants([stored], [created(row(1)), created(row(2, { inicioMs: T0 + 60 * MIN }))], opts);
    assert.deepEqual(v, [
      'create: cita 1 id_doctor is 9 in the database, 1 was acknowledged',
      'create: acknowledged cita 2 is not in the database',
    ]);
  });

  it('reports a change that left both citas active or did not link them', () => {
    const old = row(1);
    const nueva = row(2, { inicioMs: T0 + 60 * MIN, idCitaAnterior: null });
    const acks: Ack[] = [created(old), { kind: 'change', oldId: 1, requested: { fecha: new Date(nueva.inicioMs).toISOString() }, nueva: json(nueva), anterior: json(old) }];
    const v = checkInvariants([old, nueva], acks, opts);
    assert.deepEqual(v, [
      'change 1 -> 2: the old cita is still Programada',
      'change 1 -> 2: old.id_cita_nueva is null',
      'change 1 -> 2: new.id_cita_anterior is null',
    ]);
  });

  it('reports an acknowledged cancellation that did not stick, and a cita nobody was told about', () => {
    const a = row(1);
    const phantom = row(2, { idDoctor: 2, idPaciente: 2 });
    const v = checkInvariants([a, phantom], [created(a), { kind: 'cancel', id: 1, cita: json(a) }], opts);
    assert.deepEqual(v, ['cancel of 1: acknowledged, but the cita is Programada', 'cita 2 is stored but no client was told it was created']);
  });

  it('after a crash, tolerates a committed write whose answer was lost, but not a lost acknowledged one', () => {
    const a = row(1);
    const unanswered = row(2, { idDoctor: 2, idPaciente: 2 });
    assert.deepEqual(checkInvariants([a, unanswered], [created(a)], { ...opts, everyRequestAnswered: false }), []);
    assert.deepEqual(checkInvariants([unanswered], [created(a)], { ...opts, everyRequestAnswered: false }), ['create: acknowledged cita 1 is not in the database']);
  });

  it('reports a patient above the cap of future active citas', () => {
    const rows = [0, 1, 2].map((i) => row(i + 1, { inicioMs: T0 + i * 60 * MIN, idDoctor: i + 1 }));
    const v = checkInvariants(rows, rows.map(created), { ...opts, maxFutureCitas: 2 });
    assert.deepEqual(v, ['patient 1: 3 future active citas, the cap is 2']);
  });
});
