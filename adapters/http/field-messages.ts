/**
 * The words of every field problem zod finds, for every schema of the
 * services and the web service's own forms (set below with z.config, when
 * this module is first imported: schemas.ts and field-problems.ts do): plain Spanish a
 * receptionist can act on ("Falta este campo.", "Debe ser uno de: ACTIVO,
 * INACTIVO."), not zod's locale ("Entrada inválida: se esperaba texto,
 * recibido indefinido"). A message a schema gives itself (a regex's, a
 * refine's) still wins: zod asks this map only for issues without one.
 * Content rules (lengths, formats, lists) are the core's, with its own
 * words; what reaches this map is mostly the shape of a request.
 */
import { z } from 'zod';
import { oneOfMessage } from '../../core/domain/field-problems';

/** An unknown key of a JSON body; field-problems.ts names each key at its own path. */
export const UNKNOWN_FIELD = 'Campo desconocido.';
/** An unknown query parameter (or a query on a route that takes none). */
export const UNKNOWN_PARAMETER = 'Parámetro desconocido.';
/** A query parameter given more than once (?page=1&page=2): what to fix is the repetition, not the value. */
export const REPEATED_PARAMETER = 'Indíquelo una sola vez.';

const TYPE_NAMES: Record<string, string> = {
  string: 'un texto',
  number: 'un número',
  int: 'un número entero',
  boolean: 'true o false',
  array: 'una lista',
  object: 'un objeto',
};

function typeMessage(expected: string, input: unknown): string {
  if (input === undefined) return 'Falta este campo.';
  const what = TYPE_NAMES[expected];
  if (input === null) return what ? `No puede ser null: debe ser ${what}.` : 'No puede ser null.';
  return what ? `Debe ser ${what}.` : 'No tiene el tipo esperado.';
}

function sizeMessage(issue: { origin: string; inclusive?: boolean }, bound: number | bigint, side: 'min' | 'max'): string {
  const n = Number(bound);
  if (issue.origin === 'string') {
    if (side === 'min') return n <= 1 ? 'No puede estar vacío.' : `Debe tener al menos ${n} caracteres.`;
    return `Admite como máximo ${n} caracteres.`;
  }
  if (issue.origin === 'array' || issue.origin === 'set') {
    return side === 'min' ? `Debe tener al menos ${n} ${n === 1 ? 'elemento' : 'elementos'}.` : `Admite como máximo ${n} elementos.`;
  }
  if (side === 'min') return issue.inclusive === false ? `Debe ser mayor que ${n}.` : `Debe ser como mínimo ${n}.`;
  return issue.inclusive === false ? `Debe ser menor que ${n}.` : `Debe ser como máximo ${n}.`;
}

/** zod's error map for the services: every issue code has its words here, so no locale text reaches a client. */
export function fieldMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return typeMessage(issue.expected, issue.input);
    case 'too_small':
      return sizeMessage(issue, issue.minimum, 'min');
    case 'too_big':
      return sizeMessage(issue, issue.maximum, 'max');
    case 'invalid_value':
      return oneOfMessage(issue.values);
    case 'not_multiple_of':
      return `Debe ser múltiplo de ${Number(issue.divisor)}.`;
    case 'unrecognized_keys':
      return UNKNOWN_FIELD;
    case 'invalid_format':
      return 'No tiene el formato esperado.';
    default:
      return 'No es válido.';
  }
}

// Field messages reach clinic staff: plain Spanish, like every other detail.
z.config({ customError: fieldMessage });
