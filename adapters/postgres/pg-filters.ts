import { offsetOf, type Page, type PageRequest, pageOf } from '../../core/domain/pagination';
import type { PgDatabase } from './pg-database';

/**
 * The WHERE clause of a query with optional filters, as adapters/sqlite's
 * filter-query.ts builds it: clauses are fixed texts written in the
 * repository with `?` for each value, and values always travel as
 * parameters. `?` becomes PostgreSQL's numbered `$n` here, so a repository
 * writes its clauses without counting.
 */
export class PgFilters {
  private readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  /** `clause` joins the others with AND; `params` fill its `?` placeholders, in order. */
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

export interface PgFilteredSql {
  /** Table after FROM. */
  from: string;
  /** Columns after SELECT; every column by default. */
  columns?: string;
  /** Total order of the rows, so pages never repeat or skip one. */
  orderBy: string;
}

/** A SELECT whose WHERE comes from PgFilters: the one way list queries are built in adapters/postgres. */
export class PgFilteredQuery<Row extends object, T> {
  constructor(
    private readonly db: PgDatabase,
    private readonly sql: PgFilteredSql,
    private readonly map: (row: Row) => T,
  ) {}

  /** Every matching row, in order. */
  async all(filters: PgFilters): Promise<T[]> {
    const { from, columns = '*', orderBy } = this.sql;
    const rows = await this.db.query<Row & Record<string, unknown>>(`SELECT ${columns} FROM ${from} ${filters} ORDER BY ${orderBy}`, filters.params);
    return rows.map(this.map);
  }

  /**
   * One page of matching rows, in order, and how many match in all. Two
   * statements: inside a unit of work they see one snapshot; outside, a
   * write landing between them can make the total differ by that write, as
   * any paged list read over several requests can.
   */
  async page(filters: PgFilters, page: PageRequest): Promise<Page<T>> {
    const { from, columns = '*', orderBy } = this.sql;
    const [{ total }] = await this.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${from} ${filters}`, filters.params);
    const n = filters.params.length;
    const rows = await this.db.query<Row & Record<string, unknown>>(
      `SELECT ${columns} FROM ${from} ${filters} ORDER BY ${orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...filters.params, page.pageSize, offsetOf(page)],
    );
    return pageOf(rows.map(this.map), page, total);
  }
}
