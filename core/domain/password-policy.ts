import type { FieldProblem } from './errors';
import { invalidFields } from './field-problems';
import { charCount } from './text';
import { normaliseUsername } from './user';

/**
 * Passwords are compared after Unicode NFC normalization: "ñ" typed as one
 * code point or as "n" plus a combining tilde (as some keyboards and phones
 * send it) is the same password. Every password is normalized before it is
 * judged, hashed or verified.
 */
export function normalisePassword(password: string): string {
  return password.normalize('NFC');
}

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/**
 * passwordProblems' rules in one sentence, for whoever chooses a password
 * before she types it (the web front desk describes every new password's
 * field with it), so nobody learns them only from a refusal.
 */
export const PASSWORD_RULE = `Entre ${PASSWORD_MIN} y ${PASSWORD_MAX} caracteres, con al menos una letra y un número, y sin el nombre de usuario.`;

/**
 * The password policy (one place): 8..128 characters, at least one letter
 * and one digit, and it must not contain the username (case-insensitive).
 */
export function passwordProblems(password: string, username: string, path = 'password'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const length = charCount(password);
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
    problems.push({ path, message: `Debe tener entre ${PASSWORD_MIN} y ${PASSWORD_MAX} caracteres.` });
  }
  if (!/\p{L}/u.test(password)) problems.push({ path, message: 'Debe contener al menos una letra.' });
  if (!/\p{Nd}/u.test(password)) problems.push({ path, message: 'Debe contener al menos un número.' });
  const u = normaliseUsername(username);
  if (u.length > 0 && password.toLowerCase().includes(u)) {
    problems.push({ path, message: 'No puede contener el nombre de usuario.' });
  }
  return problems;
}

export function assertPasswordAllowed(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length) throw invalidFields(problems);
}

/**
 * A new password by the policy's rules that need no account (all but "must
 * not contain the username"), when there is one: what the HTTP edge asks of
 * a password change it refused for another field, before any account was
 * read. A well-typed change is judged by the whole policy in its use case.
 */
export function assertPasswordWithoutAccount(password: string | undefined, path: string): void {
  if (password === undefined) return;
  const problems = passwordProblems(normalisePassword(password), '', path);
  if (problems.length) throw invalidFields(problems);
}
