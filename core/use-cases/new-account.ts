import { ValidationError, type FieldProblem } from '../domain/errors';
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
 * The account half of every create (user, doctor, patient): username and
 * password rules, an early duplicate check (so a taken name costs no hash),
 * then the Argon2 hash. The repository's unique index still decides races.
 * `extraProblems` are the record's own field problems, reported together.
 */
export async function prepareAccount(
  users: Users,
  hasher: PasswordHasher,
  credentials: Credentials,
  rol: Rol,
  activo: boolean,
  extraProblems: FieldProblem[] = [],
): Promise<NewUser> {
  const problems = [...extraProblems, ...accountProblems(credentials)];
  if (problems.length) throw invalidFields(problems);
  const password = normalisePassword(credentials.password);
  const username = normaliseUsername(credentials.username);
  if (await users.byUsername(username)) throw duplicateUsername(username);
  return { username, rol, activo, passwordHash: await hasher.hash(password) };
}

/** What is wrong with an account's username and password (the loader's --dry-run asks the same). */
export function accountProblems(credentials: Credentials): FieldProblem[] {
  return [...usernameProblems(credentials.username), ...passwordProblems(normalisePassword(credentials.password), credentials.username)];
}

/** Runs a field cleaner and returns its problems instead of throwing, to merge them with the account's. */
export function problemsOf(clean: () => unknown): FieldProblem[] {
  try {
    clean();
    return [];
  } catch (err) {
    if (err instanceof ValidationError) return err.errors;
    throw err;
  }
}
