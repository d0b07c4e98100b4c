import { searchKey } from '../../core/domain/text';
import { containsPattern } from '../storage/like-pattern';
import { PgFilters } from './pg-filters';

/**
 * The filters of an admin list starting with `q`, as adapters/sqlite/name-search.ts:
 * part of the name, compared on `nombre_norm` (the search key of `nombre`,
 * computed by the same core/domain/text.ts function on both engines, so case
 * and accents are ignored identically). LIKE's wildcards in `q` match themselves.
 */
export function pgFiltersByName(q: string | undefined): PgFilters {
  const filters = new PgFilters();
  const key = q === undefined ? '' : searchKey(q);
  if (key === '') return filters;
  return filters.add("nombre_norm LIKE ? ESCAPE '\\'", containsPattern(key));
}
