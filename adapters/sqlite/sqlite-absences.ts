import type { Ausencia, NewAusencia } from '../../core/domain/absence';
import type { Page, PageRequest } from '../../core/domain/pagination';
import type { AbsenceFilter, Absences } from '../../core/ports/agenda';
import { FilteredQuery, Filters } from './filter-query';
import { prepared, type Db } from './open-database';

interface AusenciaRow {
  id: number;
  id_doctor: number;
  desde: number;
  hasta: number;
  motivo: string | null;
}

function toAusencia(row: AusenciaRow): Ausencia {
  return { id: row.id, idDoctor: row.id_doctor, desde: new Date(row.desde), hasta: new Date(row.hasta), motivo: row.motivo };
}

const COLUMNS = 'id, id_doctor, desde, hasta, motivo';

export class SqliteAbsences implements Absences {
  private readonly matching;

  constructor(private readonly db: Db) {
    this.matching = new FilteredQuery(db, { from: 'ausencias', columns: COLUMNS, orderBy: 'desde, id' }, toAusencia);
  }

  add(a: NewAusencia): Ausencia {
    const info = prepared(this.db, 'INSERT INTO ausencias (id_doctor, desde, hasta, motivo, creada_en) VALUES (?, ?, ?, ?, ?)')
      .run(a.idDoctor, a.desde.getTime(), a.hasta.getTime(), a.motivo, Date.now());
    return { ...a, id: Number(info.lastInsertRowid) };
  }

  byId(idDoctor: number, id: number): Ausencia | undefined {
    const row = prepared(this.db, `SELECT ${COLUMNS} FROM ausencias WHERE id = ? AND id_doctor = ?`).get(id, idDoctor) as
      | AusenciaRow
      | undefined;
    return row && toAusencia(row);
  }

  remove(idDoctor: number, id: number): boolean {
    return prepared(this.db, 'DELETE FROM ausencias WHERE id = ? AND id_doctor = ?').run(id, idDoctor).changes > 0;
  }

  overlapping(idDoctor: number, desde: Date, hasta: Date): Ausencia[] {
    const rows = prepared(this.db, `SELECT ${COLUMNS} FROM ausencias WHERE id_doctor = ? AND desde < ? AND hasta > ? ORDER BY desde, id`)
      .all(idDoctor, hasta.getTime(), desde.getTime()) as AusenciaRow[];
    return rows.map(toAusencia);
  }

  list(idDoctor: number, filter: AbsenceFilter, page: PageRequest): Page<Ausencia> {
    const where = new Filters().add('id_doctor = ?', idDoctor);
    if (filter.desde) where.add('hasta > ?', filter.desde.getTime());
    if (filter.hasta) where.add('desde < ?', filter.hasta.getTime());
    return this.matching.page(where, page);
  }
}
