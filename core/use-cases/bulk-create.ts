import { type Action, assertMay } from '../domain/access';
import type { Principal } from '../domain/roles';

export type BulkOutcome = { index: number; id: number } | { index: number; failure: unknown };

export interface BulkResult {
  created: number;
  failed: number;
  outcomes: BulkOutcome[];
}

/** Most items a single /lote request may carry. */
export const MAX_BULK_ITEMS = 1000;

/**
 * The /lote routes: each item goes through exactly the single create (same
 * rules, same errors), one after another so a duplicate inside the batch is
 * caught like any other. One item failing never stops the rest; each outcome
 * keeps its index. Items are committed one by one, not as one transaction.
 * A caller who may not do `action` (the single create's) is refused once,
 * before any item, rather than with one refusal per item.
 */
export class BulkCreate {
  async execute<T>(items: readonly T[], createOne: (item: T) => Promise<{ id: number }> | { id: number }, action: Action, who: Principal): Promise<BulkResult> {
    assertMay(who, action);
    const outcomes: BulkOutcome[] = [];
    for (const [index, item] of items.entries()) {
      try {
        const { id } = await createOne(item);
        outcomes.push({ index, id });
      } catch (failure) {
        outcomes.push({ index, failure });
      }
    }
    const created = outcomes.filter((o) => 'id' in o).length;
    return { created, failed: outcomes.length - created, outcomes };
  }
}
