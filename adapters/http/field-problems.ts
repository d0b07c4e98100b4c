/**
 * zod's issues as the field problems a client reads, in one place for every
 * route (route.ts), each /lote item (admin/bulk.ts), the web service's own
 * forms (adapters/web) and the loader's --dry-run: one problem per field, at
 * the path of that field, an unknown key at its own path (the page shows a
 * message under the field a path names; '(raíz)' names none). The 422 they
 * make is the core's (invalidFields), with the same detail as the core's own.
 */
import type { z } from 'zod';
import type { FieldProblem, ValidationError } from '../../core/domain/errors';
import { invalidFields, ROOT_PATH } from '../../core/domain/field-problems';
import { UNKNOWN_FIELD } from './field-messages';

const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join('.') || ROOT_PATH;

/**
 * One problem per path, the first zod found: a value wrong twice over (too
 * big for an integer and for its own bound) is one thing to fix. `unknownKey`
 * words an unknown key: a body's field or a query's parameter.
 */
export function fieldProblemsOf(error: z.ZodError, unknownKey: string = UNKNOWN_FIELD): FieldProblem[] {
  const problems = new Map<string, FieldProblem>();
  const add = (path: string, message: string) => {
    if (!problems.has(path)) problems.set(path, { path, message });
  };
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) add(pathOf([...issue.path, key]), unknownKey);
    else add(pathOf(issue.path), issue.message);
  }
  return [...problems.values()];
}

/** A body zod refused, as the 422 the core would give for the same problems. */
export function invalidBody(error: z.ZodError): ValidationError {
  return invalidFields(fieldProblemsOf(error, UNKNOWN_FIELD));
}

/** A JSON body through its schema: the parsed value, or the 422 naming each field. */
export function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidBody(result.error);
}
