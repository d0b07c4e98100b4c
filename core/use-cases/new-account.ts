import type { FieldProblem } from '../domain/errors';
import { normalisePassword, passwordProblems } from '../domain/password-policy';
import type { Rol } from '../domain/roles';
import { invalidFields } from '../domain/field-problems';
import { duplicateUsername, normaliseUsername, type NewUser, usernameProblems } from '../domain/user';
import type { PasswordHasher } from '../ports/password-hasher';
import type { Users } from '../ports/users';

export interface Credentials {
  username: string;
  password: string;
}

/**
 * Every content problem of a create that brings an account (user, doctor,
 * patient), in one 422: the record's own (`recordProblems`) and the
 * account's. Judges whichever credentials are present, so the HTTP edge can
 * ask it of the well-typed fields of a body it refused for another field.
 */
export function assertNewAccount(credentials: Partial<Credentials>, recordProblems: FieldProblem[]): void {
  const problems = [...recordProblems, ...accountProblems(credentials)];
  if (problems.length) throw invalidFields(problems);
}

/**
 * The account half of every create, once assertNewAccount has judged its
 * fields: an early duplicate check (so a taken name costs no hash), then the
 * Argon2 hash. The repository's unique index still decides races.
 */
export async function prepareAccount(users: Users, hasher: PasswordHasher, credentials: Credentials, rol: Rol, activo: boolean): Promise<NewUser> {
  const password = normalisePassword(credentials.password);
  const username = normaliseUsername(credentials.username);
  if (await users.byUsername(username)) throw duplicateUsername(username);
  return { username, rol, activo, passwordHash: await hasher.hash(password) };
}

/**
 * What is wrong with an account's username and password, of those present;
 * without a username, the password is judged by every rule but the one that
 * compares them.
 */
export function accountProblems({ username, password }: Partial<Credentials>): FieldProblem[] {
  return [
    ...(username === undefined ? [] : usernameProblems(username)),
    ...(password === undefined ? [] : passwordProblems(normalisePassword(password), username ?? '')),
  ];
}
