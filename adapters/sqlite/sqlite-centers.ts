import type { Center, NewCenter } from '../../core/domain/center';
import type { Page, PageRequest } from '../../core/domain/pagination';
import { searchKey } from '../../core/domain/text';
import type { CenterFilter, Centers } from '../../core/ports/centers';
import { type CenterRow, toCenter } from '../storage/center-row';
import { FilteredQuery } from './filter-query';
import { filtersByName } from './name-search';
import { type Db, serialOf, writeOf } from './open-database';

export class SqliteCenters implements Centers {
  private readonly serial;
  private readonly write;
  private readonly insert;
  private readonly selectById;
  private readonly updateAll;
  private readonly matching;

  constructor(db: Db) {
    this.serial = serialOf(db);
    this.write = writeOf(db);
    this.insert = db.prepare<[string, string, string, number]>('INSERT INTO centers (nombre, nombre_norm, direccion, activo) VALUES (?, ?, ?, ?)');
    this.selectById = db.prepare<[number], CenterRow>('SELECT * FROM centers WHERE id = ?');
    this.updateAll = db.prepare<[string, string, string, number, number]>(
      'UPDATE centers SET nombre = ?, nombre_norm = ?, direccion = ?, activo = ? WHERE id = ?',
    );
    this.matching = new FilteredQuery(db, { from: 'centers', orderBy: 'id' }, toCenter);
  }

  add(c: NewCenter): Promise<Center> {
    return this.write(() => {
      const info = this.insert.run(c.nombre, searchKey(c.nombre), c.direccion, c.activo ? 1 : 0);
      return { ...c, id: Number(info.lastInsertRowid) };
    });
  }

  byId(id: number): Promise<Center | undefined> {
    return this.serial.call(() => this.read(id));
  }

  list(filter: CenterFilter, page: PageRequest): Promise<Page<Center>> {
    return this.serial.call(() => {
      const where = filtersByName(filter.q);
      if (filter.activo !== undefined) where.add('activo = ?', filter.activo ? 1 : 0);
      return this.matching.page(where, page);
    });
  }

  update(c: Center): Promise<Center> {
    return this.write(() => {
      this.updateAll.run(c.nombre, searchKey(c.nombre), c.direccion, c.activo ? 1 : 0, c.id);
      return this.read(c.id) ?? c;
    });
  }

  private read(id: number): Center | undefined {
    const row = this.selectById.get(id);
    return row && toCenter(row);
  }
}
