import { z } from 'zod';
import { MAX_PAGE_SIZE, type PageRequest } from '../../core/domain/pagination';

// Field messages reach clinic staff: Spanish, like every other detail.
z.config(z.locales.es());

/** A positive integer id in a path. */
export const idParam = z.strictObject({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).meta({ description: 'Identificador (entero positivo)' }),
});

/** ?page=1&page_size=20, shared by every list route. */
export const pageQuery = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  page_size: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
};

export function pageRequestOf(query: { page: number; page_size: number }): PageRequest {
  return { page: query.page, pageSize: query.page_size };
}

export function pageSchema<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({ items: z.array(item), page: z.number().int(), page_size: z.number().int(), total: z.number().int() })
    .meta({ id });
}
