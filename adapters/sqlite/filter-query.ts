import type { Statement } from 'better-sqlite3';
import { offsetOf, type Page, type PageRequest, pageOf } from '../../core/domain/pagination';
import type { Db } from './open-database';

/**
 * The WHERE clause of a query with optional filters. Clauses are fixed texts
 * written in the repository and values always travel as `?` parameters
 * (never interpolated), so the SQL text depends only on which filters are
 * present: a query with n optional filters has at most 2^n texts.
 */
export class Filters {
  private readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  /** `clause` joins the others with AND; `params` fill its `?` placeholders, in order. */
  add(clause: string, ...params: unknown[]): this {
    this.clauses.push(clause);
    this.params.push(...params);
    return this;
  }

  toString(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

export interface FilteredSql {
  /** Table (or join) after FROM. */
  from: string;
  /** Columns after SELECT; every column by default. */
  columns?: string;
  /** Total order of the rows, so pages never repeat or skip one. */
  orderBy: string;
}

/** Past this many texts the query's statements are dropped and prepared again: a guard, since Filters keeps the count at 2^n. */
const MAX_STATEMENTS = 256;

/**
 * A SELECT whose WHERE comes from Filters: the one way list queries are
 * built in adapters/sqlite. A repository keeps one per query as a readonly
 * field; each distinct SQL text is prepared on first use and kept, because
 * preparing costs ~4x running a simple indexed read (BENCHMARKS.md).
 */
export class FilteredQuery<Row, T> {
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();

  constructor(
    private readonly db: Db,
    private readonly sql: FilteredSql,
    private readonly map: (row: Row) => T,
  ) {}

  /** Every matching row, in order. */
  all(filters: Filters): T[] {
    const { from, columns = '*', orderBy } = this.sql;
    const rows = this.statement(`SELECT ${columns} FROM ${from} ${filters} ORDER BY ${orderBy}`).all(...filters.params) as Row[];
    return rows.map(this.map);
  }

  /** One page of matching rows, in order, and how many match in all. */
  page(filters: Filters, page: PageRequest): Page<T> {
    const { from, columns = '*', orderBy } = this.sql;
    const total = this.statement(`SELECT count(*) FROM ${from} ${filters}`, true).get(...filters.params) as number;
    const rows = this.statement(`SELECT ${columns} FROM ${from} ${filters} ORDER BY ${orderBy} LIMIT ? OFFSET ?`).all(
      ...filters.params,
      page.pageSize,
      offsetOf(page),
    ) as Row[];
    return pageOf(rows.map(this.map), page, total);
  }

  private statement(sql: string, pluck = false): Statement<unknown[], unknown> {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      stmt = this.db.prepare(sql).pluck(pluck);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}
