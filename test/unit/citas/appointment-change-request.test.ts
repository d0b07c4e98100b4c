import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertOneCitaChange, assertValidCitaChange, type CitaChangeRequest } from '../../../core/domain/appointment-change-request';
import { problemsOf } from '../../../core/domain/field-problems';

/** A change request as the edge builds it: the body's field names sent, values only for the fields it could read. */
const request = (sent: string[], values: Omit<CitaChangeRequest, 'sent'> = {}): CitaChangeRequest => ({ sent: new Set(sent), ...values });
const problems = (judge: () => void) => problemsOf(judge).map((p) => `${p.path}: ${p.message}`);

describe('a change to a cita is one request (appointment-change-request.ts)', () => {
  it('each of the three requests alone passes', () => {
    const three = [
      request(['estado', 'motivo_cancelacion'], { estado: 'Cancelada', motivoCancelacion: 'Viaje' }),
      request(['estado'], { estado: 'Confirmada' }),
      request(['motivo', 'duracion_min', 'id_doctor'], { motivo: 'Dolor', duracionMin: 30 }),
    ];
    for (const one of three) {
      assert.deepEqual(problems(() => assertValidCitaChange(one)), []);
      assert.deepEqual(problems(() => assertOneCitaChange(one)), []);
    }
  });

  it('a mix is judged by which fields were sent: a change field whose value could not be read still mixes', () => {
    assert.deepEqual(problems(() => assertValidCitaChange(request(['estado', 'fecha'], { estado: 'Atendida' }))), [
      'fecha: No se puede cambiar el estado y a la vez fecha: envíe dos peticiones.',
    ]);
    // estado sent but unreadable: still a mix, but motivo_cancelacion is not told it needs Cancelada (she may have meant it).
    assert.deepEqual(problems(() => assertValidCitaChange(request(['estado', 'motivo_cancelacion', 'id_doctor'], { motivoCancelacion: 'x' }))), [
      'id_doctor: No se puede cambiar el estado y a la vez id_doctor: envíe dos peticiones.',
    ]);
  });

  it('motivo_cancelacion goes only with Cancelada, and an empty request names estado', () => {
    assert.deepEqual(problems(() => assertValidCitaChange(request(['motivo_cancelacion'], { motivoCancelacion: 'x' }))), ['motivo_cancelacion: Solo se admite junto con "estado": "Cancelada".']);
    assert.deepEqual(problems(() => assertValidCitaChange(request([]))), [
      'estado: Indique "estado" (Cancelada, Confirmada, Atendida, NoAsistio) o algún dato nuevo: fecha, id_doctor, id_centro, motivo, duracion_min.',
    ]);
  });

  it('a mix is named with what the fields hold; one request leaves its content to its use case', () => {
    assert.deepEqual(problems(() => assertOneCitaChange(request(['estado', 'motivo'], { estado: 'Cancelada', motivo: ' ' }))), [
      'motivo: No se puede cambiar el estado y a la vez motivo: envíe dos peticiones.',
      'motivo: El motivo no puede estar vacío ni tener solo caracteres invisibles.',
    ]);
    assert.deepEqual(problems(() => assertOneCitaChange(request(['motivo'], { motivo: ' ' }))), []);
    assert.deepEqual(problems(() => assertValidCitaChange(request(['motivo'], { motivo: ' ' }))), ['motivo: El motivo no puede estar vacío ni tener solo caracteres invisibles.']);
  });
});
