import { SerialTransactions } from '../../adapters/storage/serial-transactions';
import { offsetOf, type Page, type PageRequest, pageOf } from '../../core/domain/pagination';
import { searchKey } from '../../core/domain/text';
import type { Transactional } from './in-memory-unit-of-work';

/** Rows kept in id order, with snapshot/restore so an InMemoryUnitOfWork can roll them back. */
export class InMemoryRecords<T extends { id: number }> implements Transactional {
  serial = new SerialTransactions();
  protected rows = new Map<number, T>();
  protected nextId = 1;

  protected insert(fields: Omit<T, 'id'>): T {
    const row = { ...fields, id: this.nextId++ } as T;
    this.rows.set(row.id, row);
    return { ...row };
  }

  byId(id: number): Promise<T | undefined> {
    return this.serial.call(() => {
      const row = this.rows.get(id);
      return row && { ...row };
    });
  }

  update(row: T): Promise<T> {
    return this.serial.call(() => {
      if (this.rows.has(row.id)) this.rows.set(row.id, { ...row });
      return { ...(this.rows.get(row.id) ?? row) };
    });
  }

  protected find(predicate: (row: T) => boolean): T | undefined {
    const row = [...this.rows.values()].find(predicate);
    return row && { ...row };
  }

  protected page(predicate: (row: T) => boolean, req: PageRequest): Page<T> {
    const all = [...this.rows.values()].filter(predicate).sort((a, b) => a.id - b.id);
    return pageOf(
      all.slice(offsetOf(req), offsetOf(req) + req.pageSize).map((r) => ({ ...r })),
      req,
      all.length,
    );
  }

  snapshot(): unknown {
    return { rows: new Map([...this.rows].map(([k, v]) => [k, { ...v }])), nextId: this.nextId };
  }

  restore(snapshot: unknown): void {
    const s = snapshot as { rows: Map<number, T>; nextId: number };
    this.rows = s.rows;
    // SQLite (no AUTOINCREMENT) hands a rolled-back id out again; so does this fake.
    this.nextId = s.nextId;
  }
}

/** The `q` filter, the same comparison the SQLite adapter makes. */
export function nameMatches(nombre: string, q: string | undefined): boolean {
  if (q === undefined || searchKey(q) === '') return true;
  return searchKey(nombre).includes(searchKey(q));
}
