/**
 * --dry-run's local check of a row, as the admin API would judge it: by its
 * own request schemas (adapters/http/admin/schemas.ts) and the core's rules
 * each of them names (field-problems.ts bodyProblems: username, password
 * policy, rol, estado, phone, required names), every field's problem at
 * once, so a row that passes here is refused by the API only for a reason
 * that needs its database (a username already taken).
 */
import type { z } from 'zod';
import {
  createCenterBody,
  createDoctorBody,
  createPatientBody,
  createUserBody,
} from '../adapters/http/admin/schemas';
import { bodyProblems } from '../adapters/http/field-problems';
import type { FieldProblem } from '../core/domain/errors';
import type { Kind } from './files';

const SCHEMAS: Record<Kind, z.ZodType> = {
  usuario: createUserBody,
  centro: createCenterBody,
  doctor: createDoctorBody,
  paciente: createPatientBody,
};

/** The field problems the API would answer 422 VALIDACION with; empty when the row is valid. */
export function localProblems(kind: Kind, body: Record<string, string>): FieldProblem[] {
  return bodyProblems(SCHEMAS[kind], body);
}
