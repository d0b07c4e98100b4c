/**
 * Text helpers shared by the admin entities: trimmed required names, and the
 * search key that `q` filters compare against (lowercase, no accents, single
 * spaces), so "garcia" finds "Ana García".
 */
import { type FieldProblem, ValidationError } from './errors';

export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A required, trimmed, single-spaced text of 1..max characters; pushes a problem when it is not. */
export function requiredText(value: string, path: string, max: number, problems: FieldProblem[]): string {
  const clean = value.replace(/\s+/g, ' ').trim();
  if (clean.length === 0) problems.push({ path, message: 'No puede estar vacío.' });
  else if (clean.length > max) problems.push({ path, message: `Admite como máximo ${max} caracteres.` });
  return clean;
}

/** A 422 whose detail names what is wrong, not only that something is. */
export function invalidFields(problems: FieldProblem[]): ValidationError {
  const detail =
    problems.length === 1
      ? `${problems[0].path}: ${problems[0].message}`
      : `${problems.length} problemas: ${problems.map((p) => `${p.path}: ${p.message}`).join(' ')}`;
  return new ValidationError(problems, detail);
}
