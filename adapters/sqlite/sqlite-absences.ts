import type { Ausencia, NewAusencia } from '../../core/domain/absence';
import type { Page, PageRequest } from '../../core/domain/pagination';
import type { AbsenceFilter, Absences } from '../../core/ports/agenda';
import type { Clock } from '../../core/ports/clock';
import { FilteredQuery, Filters } from './filter-query';
import { type Db, serialOf, writeOf } from './open-database';

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
  private readonly serial;
  private readonly write;
  private readonly insert;
  private readonly selectById;
  private readonly deleteById;
  private readonly selectOverlapping;
  private readonly matching;

  constructor(db: Db, private readonly clock: Clock) {
    this.serial = serialOf(db);
    this.write = writeOf(db);
    this.insert = db.prepare<[number, number, number, string | null, number]>(
      'INSERT INTO ausencias (id_doctor, desde, hasta, motivo, creada_en) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectById = db.prepare<[number, number], AusenciaRow>(`SELECT ${COLUMNS} FROM ausencias WHERE id = ? AND id_doctor = ?`);
    this.deleteById = db.prepare<[number, number]>('DELETE FROM ausencias WHERE id = ? AND id_doctor = ?');
    this.selectOverlapping = db.prepare<[number, number, number], AusenciaRow>(
      `SELECT ${COLUMNS} FROM ausencias WHERE id_doctor = ? AND desde < ? AND hasta > ? ORDER BY desde, id`,
    );
    this.matching = new FilteredQuery(db, { from: 'ausencias', columns: COLUMNS, orderBy: 'desde, id' }, toAusencia);
  }

  add(a: NewAusencia): Promise<Ausencia> {
    return this.write(() => {
      const info = this.insert.run(a.idDoctor, a.desde.getTime(), a.hasta.getTime(), a.motivo, this.clock.now().getTime());
      return { ...a, id: Number(info.lastInsertRowid) };
    });
  }

  byId(idDoctor: number, id: number): Promise<Ausencia | undefined> {
    return this.serial.call(() => {
      const row = this.selectById.get(id, idDoctor);
      return row && toAusencia(row);
    });
  }

  remove(idDoctor: number, id: number): Promise<boolean> {
    return this.write(() => this.deleteById.run(id, idDoctor).changes > 0);
  }

  overlapping(idDoctor: number, desde: Date, hasta: Date): Promise<Ausencia[]> {
    return this.serial.call(() => this.selectOverlapping.all(idDoctor, hasta.getTime(), desde.getTime()).map(toAusencia));
  }

  list(idDoctor: number, filter: AbsenceFilter, page: PageRequest): Promise<Page<Ausencia>> {
    return this.serial.call(() => {
      const where = new Filters().add('id_doctor = ?', idDoctor);
      if (filter.desde) where.add('hasta > ?', filter.desde.getTime());
      if (filter.hasta) where.add('desde < ?', filter.hasta.getTime());
      return this.matching.page(where, page);
    });
  }
}
