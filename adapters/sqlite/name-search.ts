import { searchKey } from '../../core/domain/text';
import { containsPattern } from '../storage/like-pattern';
import { Filters } from './filter-query';

/**
 * The filters of an admin list (doctors, patients, centers) starting with
 * `q`: part of the name, compared on the `nombre_norm` column, which holds
 * the search key of `nombre` (core/domain/text.ts), so case and accents are
 * ignored. LIKE's wildcards in `q` match themselves.
 */
export function filtersByName(q: string | undefined): Filters {
  const filters = new Filters();
  const key = q === undefined ? '' : searchKey(q);
  if (key === '') return filters;
  return filters.add("nombre_norm LIKE ? ESCAPE '\\'", containsPattern(key));
}
