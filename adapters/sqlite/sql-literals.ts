/**
 * A constant list from the core as SQL text, `('a', 'b')`, for the IN (...)
 * of schema CHECKs, triggers and fixed queries, so the database enforces the
 * very values the domain declares instead of a retyped copy. Only for
 * constants: values from a request travel as parameters (filter-query.ts).
 */
export function sqlList(values: readonly string[]): string {
  return `(${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`;
}
