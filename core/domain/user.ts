import { DomainError, type FieldProblem, type NotFoundError } from './errors';
import { recordNotFound } from './missing-record';
import { invalidFields, oneOfMessage } from './field-problems';
import type { Principal, Rol } from './roles';

/** A login account. Doctors and patients each own one (rol medico / paciente). */
export interface User {
  id: number;
  /** Always stored in its normalised (lowercase) form. */
  username: string;
  rol: Rol;
  passwordHash: string;
  activo: boolean;
  /**
   * Which generation of this user's tokens is valid: a token carries the
   * generation it was issued in, and changing the password or deactivating
   * the account moves the user to the next one, so every token issued before
   * is refused from then on (reactivating does not go back).
   */
  tokenGeneration: number;
}

/** A user as created: id and token generation (0) are the repository's. */
export type NewUser = Omit<User, 'id' | 'tokenGeneration'>;

/** Roles that POST /admin/usuario may create; medico and paciente users come with their doctor / patient record. */
export const DIRECT_USER_ROLES = ['admin', 'secretaria'] as const satisfies readonly Rol[];
export type DirectUserRol = (typeof DIRECT_USER_ROLES)[number];

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 50;
const USERNAME = /^[a-z0-9._-]*$/;

/** Why POST /admin/usuario refuses a rol, if it does: medico and paciente accounts come with their record. */
export function directUserRolProblems(rol: string, path = 'rol'): FieldProblem[] {
  if ((DIRECT_USER_ROLES as readonly string[]).includes(rol)) return [];
  return [{ path, message: `${oneOfMessage(DIRECT_USER_ROLES)} Los médicos y pacientes se crean con su ficha.` }];
}

/** Usernames are case-insensitive: "Ana.Lopez" and "ana.lopez" are the same account. */
export function normaliseUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

export function usernameProblems(raw: string, path = 'username'): FieldProblem[] {
  const u = normaliseUsername(raw);
  if (u.length < USERNAME_MIN || u.length > USERNAME_MAX) return [{ path, message: `Debe tener entre ${USERNAME_MIN} y ${USERNAME_MAX} caracteres.` }];
  if (!USERNAME.test(u)) return [{ path, message: 'Solo admite letras sin acentos, números, punto, guion y guion bajo.' }];
  return [];
}

/** The normalised username, or a 422 naming the field. */
export function validUsername(raw: string): string {
  const problems = usernameProblems(raw);
  if (problems.length) throw invalidFields(problems);
  return normaliseUsername(raw);
}

export function duplicateUsername(username: string): DomainError {
  return new DomainError('USUARIO_DUPLICADO', `Ya existe un usuario con el nombre "${username}".`, [
    { path: 'username', message: 'Ya está en uso.' },
  ]);
}

/**
 * Whether the account a token speaks for still acts as it: it exists, is
 * active, and has the token's role; 401 TOKEN_INVALIDO otherwise. The
 * account's part of whether a token is still good: the whole rule, with
 * the token's generation and its logout, is core/use-cases/confirmed-account.ts.
 */
export function assertAccountActs(user: User | undefined, principal: Principal): asserts user is User {
  if (!user || !user.activo || user.rol !== principal.rol) {
    throw new DomainError('TOKEN_INVALIDO', 'La cuenta de este token ya no está activa; inicie sesión de nuevo.');
  }
}

export const userNotFound = (id: number): NotFoundError => recordNotFound('usuario', id);
