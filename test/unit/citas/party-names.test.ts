import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { namesHeardBy } from '../../../core/domain/party-names';
import { anAdmin, aPaciente } from '../../builders/principals';

/** Which names of a booking's parties a refusal may say to whom: a patient never hears another patient's. */
describe('namesHeardBy', () => {
  const names = { doctor: 'Laura Fernández Benítez', centro: 'Clínica Norte', paciente: 'Jordi Álvarez Molina' };

  it('gives staff every name', () => {
    assert.deepEqual(namesHeardBy(anAdmin(), names, 1), names);
  });

  it("gives a patient the doctor's, the center's and her own name, never another patient's", () => {
    assert.deepEqual(namesHeardBy(aPaciente(1), names, 1), names);
    assert.deepEqual(namesHeardBy(aPaciente(2), names, 1), { ...names, paciente: undefined });
  });

  it('says no patient name when no patient is named', () => {
    assert.equal(namesHeardBy(anAdmin(), names).paciente, undefined);
  });
});
