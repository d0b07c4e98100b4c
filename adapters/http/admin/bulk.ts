import type { z } from 'zod';
import { ValidationError } from '../../../core/domain/errors';
import type { BulkResult } from '../../../core/use-cases/bulk-create';
import type { Logger } from '../logger';
import { errorSummary } from '../logger';
import { toProblem } from '../problem';

/** Parses one /lote item with the single create's schema: its problems are the same 422 the single route gives. */
export function parseItem<T extends z.ZodType>(schema: T, item: unknown): z.output<T> {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(raíz)', message: i.message }));
  throw new ValidationError(errors, errors.length === 1 ? `${errors[0].path}: ${errors[0].message}` : `${errors.length} campos no son válidos: ${errors.map((e) => e.path).join(', ')}.`);
}

/** The contract's lote answer: each item's status is the one the single create would have answered. */
export function bulkJson(result: BulkResult, log: Logger) {
  return {
    created: result.created,
    failed: result.failed,
    results: result.outcomes.map((o) => {
      if ('id' in o) return { index: o.index, status: 201, id: o.id };
      const problem = toProblem(o.failure);
      if (problem.unexpected) log.error({ ...errorSummary(o.failure), index: o.index }, 'unexpected error in bulk item');
      return { index: o.index, status: problem.status, error: { code: problem.body.code, detail: problem.body.detail, errors: problem.body.errors } };
    }),
  };
}
