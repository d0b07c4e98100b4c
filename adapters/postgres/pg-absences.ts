import type { Ausencia, NewAusencia } from '../../core/domain/absence';
import type { Page, PageRequest } from '../../core/domain/pagination';
import type { AbsenceFilter, Absences } from '../../core/ports/agenda';
import type { Clock } from '../../core/ports/clock';
import type { PgDatabase } from './pg-database';
import { PgFilteredQuery, PgFilters } from './pg-filters';

interface AusenciaRow {
  id: number;
  id_doctor: number;
  desde: Date;
  hasta: Date;
  motivo: string | null;
}

function toAusencia(row: AusenciaRow): Ausencia {
  return { id: row.id, idDoctor: row.id_doctor, desde: row.desde, hasta: row.hasta, motivo: row.motivo };
}

const COLUMNS = 'id, id_doctor, desde, hasta, motivo';

export class PgAbsences implements Absences {
  private readonly matching: PgFilteredQuery<AusenciaRow, Ausencia>;

  constructor(
    private readonly db: PgDatabase,
    private readonly clock: Clock,
  ) {
    this.matching = new PgFilteredQuery(db, { from: 'ausencias', columns: COLUMNS, orderBy: 'desde, id' }, toAusencia);
  }

  async add(a: NewAusencia): Promise<Ausencia> {
    const [row] = await this.db.query<{ id: number }>('INSERT INTO ausencias (id_doctor, desde, hasta, motivo, creada_en) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
      a.idDoctor,
      a.desde,
      a.hasta,
      a.motivo,
      this.clock.now(),
    ]);
    return { ...a, id: row.id };
  }

  async byId(idDoctor: number, id: number): Promise<Ausencia | undefined> {
    const [row] = await this.db.query<AusenciaRow>(`SELECT ${COLUMNS} FROM ausencias WHERE id = $1 AND id_doctor = $2`, [id, idDoctor]);
    return row && toAusencia(row);
  }

  async remove(idDoctor: number, id: number): Promise<boolean> {
    const rows = await this.db.query('DELETE FROM ausencias WHERE id = $1 AND id_doctor = $2 RETURNING id', [id, idDoctor]);
    return rows.length > 0;
  }

  overlapping(idDoctor: number, desde: Date, hasta: Date): Promise<Ausencia[]> {
    return this.matching.all(new PgFilters().add('id_doctor = ?', idDoctor).add('desde < ?', hasta).add('hasta > ?', desde));
  }

  list(idDoctor: number, filter: AbsenceFilter, page: PageRequest): Promise<Page<Ausencia>> {
    const where = new PgFilters().add('id_doctor = ?', idDoctor);
    if (filter.desde) where.add('hasta > ?', filter.desde);
    if (filter.hasta) where.add('desde < ?', filter.hasta);
    return this.matching.page(where, page);
  }
}
