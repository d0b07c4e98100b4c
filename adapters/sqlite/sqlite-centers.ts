import type { Center, NewCenter } from '../../core/domain/center';
import type { Page, PageRequest } from '../../core/domain/pagination';
import { searchKey } from '../../core/domain/text';
import type { CenterFilter, Centers } from '../../core/ports/centers';
import { FilteredQuery } from './filter-query';
import { filtersByName } from './name-search';
import { prepared, type Db } from './open-database';

interface CenterRow {
  id: number;
  nombre: string;
  direccion: string;
  activo: number;
}

function toCenter(row: CenterRow): Center {
  return { id: row.id, nombre: row.nombre, direccion: row.direccion, activo: row.activo === 1 };
}

export class SqliteCenters implements Centers {
  private readonly matching;

  constructor(private readonly db: Db) {
    this.matching = new FilteredQuery(db, { from: 'centers', orderBy: 'id' }, toCenter);
  }

  add(c: NewCenter): Center {
    const info = prepared(this.db, 'INSERT INTO centers (nombre, nombre_norm, direccion, activo) VALUES (?, ?, ?, ?)')
      .run(c.nombre, searchKey(c.nombre), c.direccion, c.activo ? 1 : 0);
    return { ...c, id: Number(info.lastInsertRowid) };
  }

  byId(id: number): Center | undefined {
    const row = prepared(this.db, 'SELECT * FROM centers WHERE id = ?').get(id) as CenterRow | undefined;
    return row && toCenter(row);
  }

  list(filter: CenterFilter, page: PageRequest): Page<Center> {
    const where = filtersByName(filter.q);
    if (filter.activo !== undefined) where.add('activo = ?', filter.activo ? 1 : 0);
    return this.matching.page(where, page);
  }

  update(c: Center): Center {
    prepared(this.db, 'UPDATE centers SET nombre = ?, nombre_norm = ?, direccion = ?, activo = ? WHERE id = ?')
      .run(c.nombre, searchKey(c.nombre), c.direccion, c.activo ? 1 : 0, c.id);
    return this.byId(c.id) ?? c;
  }
}
