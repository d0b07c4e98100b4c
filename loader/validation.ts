/**
 * --dry-run's local check of a row, as the admin API would judge it: the
 * shape by its own request schemas (adapters/http/admin/schemas.ts, through
 * the same parseBody as its routes) and then the core's rules its use cases
 * apply (username, password policy, rol, estado, phone, required names),
 * every field's problem at once, so a row that passes here is refused by the
 * API only for a reason that needs its database (a username already taken).
 */
import type { z } from 'zod';
import {
  createCenterBody,
  createDoctorBody,
  createPatientBody,
  createUserBody,
} from '../adapters/http/admin/schemas';
import { parseBody } from '../adapters/http/field-problems';
import type { FieldProblem } from '../core/domain/errors';
import { cleanCenterFields } from '../core/domain/center';
import { cleanDoctorFields } from '../core/domain/doctor';
import { cleanPatientFields } from '../core/domain/patient';
import { directUserRolProblems } from '../core/domain/user';
import { accountProblems, problemsOf } from '../core/use-cases/new-account';
import type { Kind } from './files';

const SCHEMAS: Record<Kind, z.ZodType> = {
  usuario: createUserBody,
  centro: createCenterBody,
  doctor: createDoctorBody,
  paciente: createPatientBody,
};

/** The field problems the API would answer 422 VALIDACION with; empty when the row is valid. */
export function localProblems(kind: Kind, body: Record<string, string>): FieldProblem[] {
  const shape = problemsOf(() => parseBody(SCHEMAS[kind], body));
  if (shape.length) return shape;
  const b = body as Record<string, string> & { username: string; password: string };
  switch (kind) {
    case 'usuario':
      return [...directUserRolProblems(b.rol), ...accountProblems(b)];
    case 'centro':
      return problemsOf(() => cleanCenterFields({ nombre: b.nombre, direccion: b.direccion }));
    case 'doctor':
      return [...problemsOf(() => cleanDoctorFields({ nombre: b.nombre, especialidad: b.especialidad })), ...accountProblems(b)];
    case 'paciente':
      return [...problemsOf(() => cleanPatientFields({ nombre: b.nombre, telefono: b.telefono, estado: b.estado ?? 'ACTIVO' })), ...accountProblems(b)];
  }
}
