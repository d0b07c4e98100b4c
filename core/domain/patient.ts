import { type FieldProblem, NotFoundError } from './errors';
import { invalidFields, requiredText } from './text';

export const PATIENT_STATES = ['ACTIVO', 'INACTIVO'] as const;
export type EstadoPaciente = (typeof PATIENT_STATES)[number];

export interface Patient {
  id: number;
  idUser: number;
  nombre: string;
  /** Normalised: +34 followed by 9 digits, e.g. +34612345678. */
  telefono: string;
  estado: EstadoPaciente;
}

export interface PatientFields {
  nombre: string;
  telefono: string;
  estado: EstadoPaciente;
}

export type NewPatient = Omit<Patient, 'id'>;

const PHONE = /^(?:\+34|0034)?(\d{9})$/;

/**
 * A Spanish phone number: an optional +34 (or 0034) prefix and 9 digits,
 * spaces, dots and hyphens allowed between them. Normalised to +34XXXXXXXXX
 * so the same number is always stored (and compared) the same way.
 */
export function normalisePhone(raw: string): string | undefined {
  const compact = raw.trim().replace(/[\s.-]/g, '');
  const match = PHONE.exec(compact);
  return match ? `+34${match[1]}` : undefined;
}

/**
 * What a telefono filter compares: a phone's digits alone, so spaces,
 * dashes, dots, parentheses and a + never matter, without a leading 00 (the
 * international prefix dialled as digits: 0034 is +34). A patient matches
 * when the key of their phone contains the key asked for, so the last
 * digits of a caller id, or the number with or without +34 or 0034, all
 * find "+34 612 34 56 78". The storage adapters keep it in `telefono_norm`.
 */
export function phoneKey(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('00') ? digits.slice(2) : digits;
}

/** Whether a stored phone matches a telefono filter (`phoneKey` on both, contained). */
export function phoneContains(stored: string, asked: string): boolean {
  return phoneKey(stored).includes(phoneKey(asked));
}

/** The fewest digits (of phoneKey) a telefono filter may ask for: fewer would match most of the clinic. */
export const PHONE_FILTER_MIN_DIGITS = 3;

export function cleanPatientFields<T extends Partial<PatientFields>>(fields: T): T {
  const problems: FieldProblem[] = [];
  const out = { ...fields };
  if (fields.nombre !== undefined) out.nombre = requiredText(fields.nombre, 'nombre', 120, problems);
  if (fields.telefono !== undefined) {
    const phone = normalisePhone(fields.telefono);
    if (phone) out.telefono = phone;
    else problems.push({ path: 'telefono', message: 'Debe ser un teléfono español: 9 cifras, con +34 opcional (p. ej. +34 612 345 678).' });
  }
  if (fields.estado !== undefined && !PATIENT_STATES.includes(fields.estado)) {
    problems.push({ path: 'estado', message: 'Debe ser ACTIVO o INACTIVO.' });
  }
  if (problems.length) throw invalidFields(problems);
  return out;
}

export function patientNotFound(id: number): NotFoundError {
  return new NotFoundError(`No existe el paciente ${id}.`);
}
