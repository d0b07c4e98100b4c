/**
 * A constant list from the core as SQL text, `('a', 'b')`, for the IN (...)
 * of schema CHECKs, triggers and fixed queries, so the database enforces the
 * very values the domain declares instead of a retyped copy. Only for
 * constants: values from a request travel as parameters (Filters in
 * adapters/sqlite/filter-query.ts, PgFilters in adapters/postgres/pg-filters.ts).
 * Both adapter families use it: the schemas agree on these lists by construction.
 */
export function sqlList(values: readonly string[]): string {
  return `(${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`;
}
