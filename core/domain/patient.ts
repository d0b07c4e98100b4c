import type { FieldProblem, NotFoundError } from './errors';
import { recordNotFound } from './missing-record';
import { invalidFields, oneOfMessage } from './field-problems';
import { requiredText } from './text';

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

/** Patient fields as a client sends them: an estado is any text until cleanPatientFields has judged it. */
export type PatientInput = Omit<PatientFields, 'estado'> & { estado: string };

/** What cleanPatientFields answers for the fields it was given: the same ones, estado judged. */
export type CleanPatientFields<T> = { [K in keyof T]: K extends 'estado' ? EstadoPaciente : T[K] };

export const NOMBRE_PACIENTE_MAX = 120;

export function isEstadoPaciente(estado: string): estado is EstadoPaciente {
  return (PATIENT_STATES as readonly string[]).includes(estado);
}

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

/** Checks and cleans whichever patient fields are present (create passes all, PATCH a subset), reporting every field's problem at once. */
export function cleanPatientFields<T extends Partial<PatientInput>>(fields: T): CleanPatientFields<T> {
  const problems: FieldProblem[] = [];
  const out = { ...fields };
  if (fields.nombre !== undefined) out.nombre = requiredText(fields.nombre, 'nombre', NOMBRE_PACIENTE_MAX, problems);
  if (fields.telefono !== undefined) {
    const phone = normalisePhone(fields.telefono);
    if (phone) out.telefono = phone;
    else problems.push({ path: 'telefono', message: 'Debe ser un teléfono español: 9 cifras, con +34 opcional (p. ej. +34 612 345 678).' });
  }
  if (fields.estado !== undefined && !isEstadoPaciente(fields.estado)) {
    problems.push({ path: 'estado', message: oneOfMessage(PATIENT_STATES) });
  }
  if (problems.length) throw invalidFields(problems);
  return out as CleanPatientFields<T>;
}

export const patientNotFound = (id: number): NotFoundError => recordNotFound('paciente', id);
