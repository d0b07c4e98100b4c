/**
 * How a set of field problems becomes the 422 a client reads, in one place
 * for the core, the HTTP edge (zod's problems) and the loader: each problem
 * at the path of the field it is about, and a detail that names every one.
 */
import { type FieldProblem, ValidationError } from './errors';

/** The path of a problem with the request as a whole (no field to show it under: an empty PATCH). */
export const ROOT_PATH = '(raíz)';

/** A 422 whose detail names what is wrong, not only that something is. */
export function invalidFields(problems: FieldProblem[]): ValidationError {
  const detail =
    problems.length === 1
      ? `${problems[0].path}: ${problems[0].message}`
      : `${problems.length} problemas: ${problems.map((p) => `${p.path}: ${p.message}`).join(' ')}`;
  return new ValidationError(problems, detail);
}

/** The message for a value outside a closed list, with the list: the same words whether the core or the edge refuses it. */
export function oneOfMessage(values: readonly unknown[]): string {
  return values.length === 1 ? `Debe ser ${String(values[0])}.` : `Debe ser uno de: ${values.map(String).join(', ')}.`;
}

/**
 * Runs a rule that throws the core's 422 and returns its problems instead,
 * to merge them with others' (a record's with its account's, the core's
 * with the HTTP edge's). Any other failure is not a field problem: rethrown.
 */
export function problemsOf(judge: () => unknown): FieldProblem[] {
  try {
    judge();
    return [];
  } catch (err) {
    if (err instanceof ValidationError) return err.errors;
    throw err;
  }
}
