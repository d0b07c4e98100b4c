import type { Center, NewCenter } from '../../core/domain/center';
import type { Page, PageRequest } from '../../core/domain/pagination';
import { searchKey } from '../../core/domain/text';
import type { CenterFilter, Centers } from '../../core/ports/centers';
import type { PgDatabase } from './pg-database';
import { PgFilteredQuery } from './pg-filters';
import { pgFiltersByName } from './pg-name-search';

interface CenterRow {
  id: number;
  nombre: string;
  direccion: string;
  activo: boolean;
}

function toCenter(row: CenterRow): Center {
  return { id: row.id, nombre: row.nombre, direccion: row.direccion, activo: row.activo };
}

/** Centers in the admin database on PostgreSQL; the same semantics as adapters/sqlite/sqlite-centers.ts. */
export class PgCenters implements Centers {
  private readonly matching;

  constructor(private readonly db: PgDatabase) {
    this.matching = new PgFilteredQuery<CenterRow, Center>(db, { from: 'centers', orderBy: 'id' }, toCenter);
  }

  async add(c: NewCenter): Promise<Center> {
    const [row] = await this.db.query<{ id: number }>(
      'INSERT INTO centers (nombre, nombre_norm, direccion, activo) VALUES ($1, $2, $3, $4) RETURNING id',
      [c.nombre, searchKey(c.nombre), c.direccion, c.activo],
    );
    return { ...c, id: row.id };
  }

  async byId(id: number): Promise<Center | undefined> {
    const [row] = await this.db.query<CenterRow>('SELECT * FROM centers WHERE id = $1', [id]);
    return row && toCenter(row);
  }

  list(filter: CenterFilter, page: PageRequest): Promise<Page<Center>> {
    const where = pgFiltersByName(filter.q);
    if (filter.activo !== undefined) where.add('activo = ?', filter.activo);
    return this.matching.page(where, page);
  }

  async update(c: Center): Promise<Center> {
    const [row] = await this.db.query<CenterRow>(
      'UPDATE centers SET nombre = $2, nombre_norm = $3, direccion = $4, activo = $5 WHERE id = $1 RETURNING *',
      [c.id, c.nombre, searchKey(c.nombre), c.direccion, c.activo],
    );
    return row ? toCenter(row) : c;
  }
}
