/**
 * --dry-run's local check of a row: the admin API's own request schemas
 * (adapters/http/admin/schemas.ts) and then the same domain rules its use
 * cases apply (username, password policy, phone, required names), so a row
 * that passes here is refused by the API only for a reason that needs its
 * database (a username already taken).
 */
import type { z } from 'zod';
import {
  createCenterBody,
  createDoctorBody,
  createPatientBody,
  createUserBody,
} from '../adapters/http/admin/schemas';
import type { FieldProblem } from '../core/domain/errors';
import { cleanCenterFields } from '../core/domain/center';
import { cleanDoctorFields } from '../core/domain/doctor';
import { cleanPatientFields } from '../core/domain/patient';
import { passwordProblems } from '../core/domain/password-policy';
import { usernameProblems } from '../core/domain/user';
import { problemsOf } from '../core/use-cases/new-account';
import type { Kind } from './files';

const SCHEMAS: Record<Kind, z.ZodType> = {
  usuario: createUserBody,
  centro: createCenterBody,
  doctor: createDoctorBody,
  paciente: createPatientBody,
};

function accountProblems(body: { username: string; password: string }): FieldProblem[] {
  return [...usernameProblems(body.username), ...passwordProblems(body.password, body.username)];
}

/** The field problems the API would answer 422 VALIDACION with; empty when the row is valid. */
export function localProblems(kind: Kind, body: Record<string, string>): FieldProblem[] {
  const parsed = SCHEMAS[kind].safeParse(body);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(raíz)', message: issue.message }));
  }
  const b = body as Record<string, string> & { username: string; password: string };
  switch (kind) {
    case 'usuario':
      return accountProblems(b);
    case 'centro':
      return problemsOf(() => cleanCenterFields({ nombre: b.nombre, direccion: b.direccion }));
    case 'doctor':
      return [...problemsOf(() => cleanDoctorFields({ nombre: b.nombre, especialidad: b.especialidad })), ...accountProblems(b)];
    case 'paciente':
      return [
        ...problemsOf(() =>
          cleanPatientFields({ nombre: b.nombre, telefono: b.telefono, estado: (b.estado ?? 'ACTIVO') as 'ACTIVO' | 'INACTIVO' }),
        ),
        ...accountProblems(b),
      ];
  }
}
