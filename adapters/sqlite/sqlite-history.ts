import type { AppointmentHistory, HistoryEntry } from '../../core/ports/history';
import { type HistoryRow, historyEntryOf, snapshotJson } from '../storage/history-row';
import { type Db, serialOf, writeOf } from './open-database';

export class SqliteHistory implements AppointmentHistory {
  private readonly serial;
  private readonly write;
  private readonly insert;
  private readonly select;

  constructor(db: Db) {
    this.serial = serialOf(db);
    this.write = writeOf(db);
    this.insert = db.prepare<HistoryRow>(
      `INSERT INTO citas_historial (id_cita, cuando, id_user, rol, accion, antes, despues)
       VALUES (@id_cita, @cuando, @id_user, @rol, @accion, @antes, @despues)`,
    );
    this.select = db.prepare<[number], HistoryRow>('SELECT * FROM citas_historial WHERE id_cita = ? ORDER BY id');
  }

  record(e: HistoryEntry): Promise<void> {
    return this.write(() => {
      this.insert.run({
        id_cita: e.idCita,
        cuando: e.cuando.getTime(),
        id_user: e.idUser,
        rol: e.rol,
        accion: e.accion,
        antes: snapshotJson(e.antes),
        despues: snapshotJson(e.despues),
      });
    });
  }

  listFor(idCita: number): Promise<HistoryEntry[]> {
    return this.serial.call(() => this.select.all(idCita).map(historyEntryOf));
  }
}
