import { offsetOf, type Page, type PageRequest, pageOf } from '../../core/domain/pagination';
import { searchKey } from '../../core/domain/text';
import { prepared, type Db } from './open-database';

/**
 * A WHERE clause built from optional filters, with parameters kept apart
 * from the SQL text (never interpolated).
 */
export class Where {
  private readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  add(clause: string, ...params: unknown[]): this {
    this.clauses.push(clause);
    this.params.push(...params);
    return this;
  }

  /** `q`: part of the name, compared on the normalised column (case and accents ignored). */
  nameContains(q: string | undefined): this {
    if (q === undefined) return this;
    const key = searchKey(q);
    if (key === '') return this;
    return this.add("nombre_norm LIKE ? ESCAPE '\\'", `%${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }

  toString(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/** One page of rows, ordered by id, and the total matching count. */
export function pageQuery<Row, T>(db: Db, table: string, where: Where, page: PageRequest, map: (row: Row) => T): Page<T> {
  const total = (prepared(db, `SELECT count(*) FROM ${table} ${where}`).pluck().get(...where.params) as number) ?? 0;
  const rows = prepared(db, `SELECT * FROM ${table} ${where} ORDER BY id LIMIT ? OFFSET ?`).all(...where.params, page.pageSize, offsetOf(page)) as Row[];
  return pageOf(rows.map(map), page, total);
}
