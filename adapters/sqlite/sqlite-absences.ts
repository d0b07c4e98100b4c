import type { Ausencia, NewAusencia } from '../../core/domain/absence';
import { offsetOf, type Page, pageOf, type PageRequest } from '../../core/domain/pagination';
import type { AbsenceFilter, Absences } from '../../core/ports/agenda';
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
  constructor(private readonly db: Db) {}

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
    const where = ['id_doctor = ?'];
    const args: number[] = [idDoctor];
    if (filter.desde) {
      where.push('hasta > ?');
      args.push(filter.desde.getTime());
    }
    if (filter.hasta) {
      where.push('desde < ?');
      args.push(filter.hasta.getTime());
    }
    const sqlWhere = where.join(' AND ');
    const total = prepared(this.db, `SELECT count(*) FROM ausencias WHERE ${sqlWhere}`).pluck().get(...args) as number;
    const rows = prepared(this.db, `SELECT ${COLUMNS} FROM ausencias WHERE ${sqlWhere} ORDER BY desde, id LIMIT ? OFFSET ?`)
      .all(...args, page.pageSize, offsetOf(page)) as AusenciaRow[];
    return pageOf(rows.map(toAusencia), page, total);
  }
}
