/**
 * The LIKE pattern of "contains `text`", for a clause written
 * `column LIKE ? ESCAPE '\'`: LIKE's wildcards (`%`, `_`) and the escape
 * itself match themselves, so a value from a request is always data. SQLite
 * and PostgreSQL read the pattern alike; both adapter families use it.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
