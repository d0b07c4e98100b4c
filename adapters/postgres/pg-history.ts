import type { AppointmentHistory, HistoryEntry } from '../../core/ports/history';
import { type HistoryRow, historyEntryOf, snapshotJson } from '../storage/history-row';
import type { PgDatabase } from './pg-database';

export class PgHistory implements AppointmentHistory {
  constructor(private readonly db: PgDatabase) {}

  async record(e: HistoryEntry): Promise<void> {
    await this.db.query(
      `INSERT INTO citas_historial (id_cita, cuando, id_user, rol, accion, antes, despues)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
      [e.idCita, e.cuando, e.idUser, e.rol, e.accion, snapshotJson(e.antes), snapshotJson(e.despues)],
    );
  }

  async listFor(idCita: number): Promise<HistoryEntry[]> {
    const rows = await this.db.query<HistoryRow>('SELECT * FROM citas_historial WHERE id_cita = $1 ORDER BY id', [idCita]);
    return rows.map(historyEntryOf);
  }
}
