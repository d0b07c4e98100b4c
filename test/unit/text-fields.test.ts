import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertValidAusencia } from '../../core/domain/absence';
import { assertValidCitaFields, MOTIVO_MAX, motivoCancelacionProblem } from '../../core/domain/appointment';
import { cleanCenterFields } from '../../core/domain/center';
import { cleanDoctorFields, ESPECIALIDAD_MAX, NOMBRE_DOCTOR_MAX } from '../../core/domain/doctor';
import { type FieldProblem, ValidationError } from '../../core/domain/errors';
import { cleanPatientFields } from '../../core/domain/patient';

/**
 * Every text field of admin and citas (names, addresses, specialties,
 * motivos) refuses control characters and bidirectional overrides with a 422
 * naming the field (contract, third wave), through one rule in
 * core/domain/text.ts. Each field is reached through the domain function its
 * use case calls; paths are the domain's (motivoCancelacion), which
 * problem.ts writes as the contract's (motivo_cancelacion).
 */
const HOSTILE = {
  'an ANSI escape (clears the screen of whoever prints it)': '\u001b[2JHola',
  'a NUL': 'a\u0000b',
  'a carriage return (overwrites a printed line)': 'Ana\rPepe',
  'a line break': 'Calle Mayor\n1',
  'a tab': 'Ana\tRuiz',
  'a C1 control': 'Ana\u0085Ruiz',
  'DEL': 'Ana\u007f',
  'a right-to-left override (Trojan Source)': '\u202Eacinílc\u202C',
  'a left-to-right embedding': '\u202Ax',
  'a first-strong isolate': 'x\u2068y\u2069',
};
const FINE = ['Clínica Ñandú 🦷', 'عيادة الأسنان', 'Z\u0301\u0327', 'Dra. O\u2019Neill', 'مرحبا \u200F'];

const FIELDS: Record<string, (text: string) => void> = {
  'centro.nombre': (t) => cleanCenterFields({ nombre: t }),
  'centro.direccion': (t) => cleanCenterFields({ direccion: t }),
  'doctor.nombre': (t) => cleanDoctorFields({ nombre: t }),
  'doctor.especialidad': (t) => cleanDoctorFields({ especialidad: t }),
  'paciente.nombre': (t) => cleanPatientFields({ nombre: t }),
  'cita.motivo': (t) => assertValidCitaFields({ inicio: new Date('2026-03-03T09:00:00Z'), duracionMin: 30, motivo: t }),
  'cita.motivo_cancelacion': (t) => {
    // as CancelAppointment reports it
    const problem = motivoCancelacionProblem(t);
    if (problem) throw new ValidationError([problem], problem.message);
  },
  'ausencia.motivo': (t) => assertValidAusencia({ idDoctor: 1, desde: new Date('2026-03-03T09:00:00Z'), hasta: new Date('2026-03-03T10:00:00Z'), motivo: t }),
};

describe('text fields refuse control characters and bidirectional overrides', () => {
  for (const [field, check] of Object.entries(FIELDS)) {
    const path = field.split('.')[1];
    it(`${field}: 422 naming ${path}, for each kind of hostile character`, () => {
      for (const [what, text] of Object.entries(HOSTILE)) {
        assert.throws(
          () => check(text),
          (err: unknown) => {
            assert.ok(err instanceof ValidationError, `${what}: ${String(err)}`);
            const problem = err.errors.find((p: FieldProblem) => p.path === path);
            assert.ok(problem, `${what}: no problem on ${path} in ${JSON.stringify(err.errors)}`);
            assert.match(problem.message, /control|dirección/, what);
            // admin's detail puts the path first ("nombre: ..."), citas' says it in words ("El motivo de cancelación ...")
            const named = path === 'motivo_cancelacion' ? /motivo de cancelación/ : new RegExp(path);
            assert.match(err.message, named, `${what}: the detail names the field`);
            return true;
          },
          what,
        );
      }
    });

    it(`${field}: accepts accents, emoji, right-to-left scripts, combining marks and direction marks`, () => {
      for (const text of FINE) assert.doesNotThrow(() => check(text), text);
    });
  }
});

/**
 * A required text (a name, an address, a specialty, a cita's motivo) that
 * shows nothing is as empty as '' or '   ': zero-width spaces and joiners,
 * direction marks, the word joiner, a soft hyphen, a Hangul filler. Stored,
 * it is a blank row in the agenda that no search by name finds.
 */
const INVISIBLE = ['\u200B', '\u200B\u200C\u200D', ' \u2060 ', '\u200F', '\u00AD', '\u3164', '\u00A0\u200B\u00A0', '\uFEFF'];
const REQUIRED = ['centro.nombre', 'centro.direccion', 'doctor.nombre', 'doctor.especialidad', 'paciente.nombre', 'cita.motivo'];

describe('required text fields refuse a value with nothing visible in it', () => {
  for (const field of REQUIRED) {
    const path = field.split('.')[1];
    it(`${field}: 422 naming ${path} for invisible characters alone, as for an empty one`, () => {
      for (const text of INVISIBLE) {
        const shown = [...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`).join(' ');
        assert.throws(
          () => FIELDS[field](text),
          (err: unknown) => {
            assert.ok(err instanceof ValidationError, `${shown}: ${String(err)}`);
            const problem = err.errors.find((p: FieldProblem) => p.path === path);
            assert.ok(problem, `${shown}: no problem on ${path} in ${JSON.stringify(err.errors)}`);
            assert.match(problem.message, /vac[ií]o/, shown);
            return true;
          },
          shown,
        );
      }
    });
  }
});

/**
 * A text's length is counted in characters, as a person counts them and as
 * the API's schema and its OpenAPI maxLength count them: "🦷" or "𠀀" (one
 * character, two UTF-16 units) is one. Counted in UTF-16 units, a name of 61
 * such characters passed the request check and was then refused as over 120.
 */
const LIMITS: Record<string, number> = {
  'centro.nombre': 120,
  'centro.direccion': 200,
  'doctor.nombre': NOMBRE_DOCTOR_MAX,
  'doctor.especialidad': ESPECIALIDAD_MAX,
  'paciente.nombre': 120,
  'cita.motivo': MOTIVO_MAX,
};

describe('text fields count characters, not UTF-16 units', () => {
  for (const [field, max] of Object.entries(LIMITS)) {
    const path = field.split('.')[1];
    it(`${field}: takes ${max} characters outside the BMP, and refuses ${max + 1} naming ${path}`, () => {
      assert.doesNotThrow(() => FIELDS[field]('🦷'.repeat(max)));
      assert.throws(
        () => FIELDS[field]('🦷'.repeat(max + 1)),
        (err: unknown) => err instanceof ValidationError && err.errors.some((p: FieldProblem) => p.path === path && /m[aá]ximo/.test(p.message)),
      );
    });
  }
});
