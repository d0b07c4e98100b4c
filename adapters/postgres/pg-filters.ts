import { offsetOf, type Page, type PageRequest, pageOf } from '../../core/domain/pagination';
import type { QueryResultRow } from 'pg';
import type { PgDatabase } from './pg-database';

/**
 * The WHERE clause of a list with optional filters, as adapters/sqlite/filter-query.ts
 * builds it: clauses are fixed texts written in the repository with `?` for
 * each value, values always travel as parameters. `?` becomes PostgreSQL's
 * numbered `$n` here, so a repository writes a clause the same way on both engines.
 */
export class PgFilters {
  private readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  add(clause: string, ...params: unknown[]): this {
    let n = this.params.length;
    this.clauses.push(clause.replace(/\?/g, () => `$${++n}`));
    this.params.push(...params);
    return this;
  }

  toString(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

export interface PgListSql {
  /** Table after FROM. */
  from: string;
  /** Total order of the rows, so pages never repeat or skip one. */
  orderBy: string;
}

/**
 * One page of a filtered list and how many rows match in all: the one way
 * list queries are built in adapters/postgres. Both statements go through
 * PgDatabase.query, so inside a unit of work they see its snapshot.
 */
export async function pageOfRows<Row extends QueryResultRow, T>(
  db: PgDatabase,
  sql: PgListSql,
  filters: PgFilters,
  page: PageRequest,
  map: (row: Row) => T,
): Promise<Page<T>> {
  const n = filters.params.length;
  const [count] = await db.query<{ total: number }>(`SELECT count(*)::integer AS total FROM ${sql.from} ${filters}`, filters.params);
  const rows = await db.query<Row>(`SELECT * FROM ${sql.from} ${filters} ORDER BY ${sql.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`, [
    ...filters.params,
    page.pageSize,
    offsetOf(page),
  ]);
  return pageOf(rows.map(map), page, count.total);
}
