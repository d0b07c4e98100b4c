import type { BulkResult } from '../../../core/use-cases/bulk-create';
import type { Logger } from '../logger';
import { errorSummary } from '../logger';
import { toProblem } from '../problem';

/**
 * The contract's lote answer: each item's status is the one the single
 * create would have answered (the routes parse each item with that create's
 * schema through field-problems.ts parseBody, so a bad item's 422 is its own).
 */
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
