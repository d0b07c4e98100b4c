import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../../core/domain/errors';
import { cleanDoctorFields } from '../../../core/domain/doctor';
import { cleanPatientFields, normalisePhone } from '../../../core/domain/patient';
import { cleanCenterFields } from '../../../core/domain/center';
import { passwordProblems } from '../../../core/domain/password-policy';
import { searchKey } from '../../../core/domain/text';
import { usernameProblems, validUsername } from '../../../core/domain/user';

const isValidation = (paths: string[]) => (err: unknown) =>
  err instanceof ValidationError && paths.every((p) => err.errors.some((e) => e.path === p));

describe('usernames', () => {
  it('accept 3 to 50 of a-z 0-9 . _ - and are normalised to lowercase', () => {
    assert.equal(validUsername('  Ana.Lopez_2-b '), 'ana.lopez_2-b');
    assert.deepEqual(usernameProblems('abc'), []);
    assert.deepEqual(usernameProblems('a'.repeat(50)), []);
  });

  it('refuse too short, too long, spaces, accents and symbols', () => {
    for (const bad of ['ab', 'a'.repeat(51), 'ana lopez', 'josé', 'ana@clinic', '']) {
      assert.equal(usernameProblems(bad).length, 1, bad);
    }
    assert.throws(() => validUsername('x'), isValidation(['username']));
  });
});

describe('password policy', () => {
  it('accepts 8..128 characters with a letter and a digit', () => {
    assert.deepEqual(passwordProblems('Sonrisa1', 'ana'), []);
    assert.deepEqual(passwordProblems(`a1${'x'.repeat(126)}`, 'ana'), []);
  });

  it('names every broken rule', () => {
    assert.equal(passwordProblems('abc1', 'ana').length, 1, 'too short');
    assert.equal(passwordProblems(`a1${'x'.repeat(127)}`, 'ana').length, 1, 'too long');
    assert.match(passwordProblems('solamenteletras', 'ana')[0].message, /número/);
    assert.match(passwordProblems('1234567890', 'ana')[0].message, /letra/);
  });

  it('refuses a password containing the username, in any casing', () => {
    assert.match(passwordProblems('xxMARIA2026', 'maria').map((p) => p.message).join(), /nombre de usuario/);
  });
});

describe('Spanish phone numbers', () => {
  it('accept 9 digits with an optional +34 or 0034 and spaces, and normalise to +34XXXXXXXXX', () => {
    assert.equal(normalisePhone('612345678'), '+34612345678');
    assert.equal(normalisePhone('+34 612 34 56 78'), '+34612345678');
    assert.equal(normalisePhone('0034 912-345-678'), '+34912345678');
  });

  it('refuse other lengths, letters and other country codes', () => {
    for (const bad of ['61234567', '6123456789', '+33612345678', '61234567a', '', '+34']) assert.equal(normalisePhone(bad), undefined, bad);
    assert.throws(() => cleanPatientFields({ telefono: '123' }), isValidation(['telefono']));
  });
});

describe('doctor, patient and center fields', () => {
  it('are trimmed and single-spaced', () => {
    assert.deepEqual(cleanDoctorFields({ nombre: '  Ana   García ', especialidad: ' Ortodoncia ' }), { nombre: 'Ana García', especialidad: 'Ortodoncia' });
    assert.deepEqual(cleanCenterFields({ nombre: 'Sol ', direccion: ' Mayor 1' }), { nombre: 'Sol', direccion: 'Mayor 1' });
  });

  it('refuse blank required fields, naming each one', () => {
    assert.throws(() => cleanDoctorFields({ nombre: '  ', especialidad: '' }), isValidation(['nombre', 'especialidad']));
    assert.throws(() => cleanCenterFields({ nombre: 'x', direccion: ' ' }), isValidation(['direccion']));
    assert.throws(() => cleanPatientFields({ nombre: '', telefono: '612345678', estado: 'ACTIVO' }), isValidation(['nombre']));
  });

  it('only check the fields present (a PATCH sends a subset)', () => {
    assert.deepEqual(cleanDoctorFields({ especialidad: 'Endodoncia' }), { especialidad: 'Endodoncia' });
  });

  it('refuse an estado other than ACTIVO or INACTIVO', () => {
    assert.throws(() => cleanPatientFields({ estado: 'BORRADO' as never }), isValidation(['estado']));
  });
});

describe('search key', () => {
  it('ignores case, accents and extra spaces', () => {
    assert.equal(searchKey('  José   NÚÑEZ '), 'jose nunez');
  });
});
