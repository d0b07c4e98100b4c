/**
 * The few column values the two engines hand back differently, read into
 * domain values in one place so each row mapper serves both adapter families.
 * The tables use the same column names in SQLite and PostgreSQL by design;
 * only these representations differ.
 */

/** An instant: SQLite stores epoch milliseconds, pg returns timestamptz as a Date. */
export type StoredInstant = number | Date;

/** A yes/no column: SQLite stores 0 or 1 (CHECK), pg a boolean. */
export type StoredFlag = number | boolean;

/** A JSON column: SQLite stores the text, pg returns jsonb already parsed. */
export type StoredJson<T> = string | T;

export function instantOf(v: StoredInstant): Date {
  return v instanceof Date ? v : new Date(v);
}

export function flagOf(v: StoredFlag): boolean {
  return v === true || v === 1;
}

export function jsonOf<T>(v: StoredJson<T>): T {
  return typeof v === 'string' ? (JSON.parse(v) as T) : v;
}
