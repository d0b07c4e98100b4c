import type { Cita } from '../../core/domain/appointment';
import type { Rol } from '../../core/domain/roles';
import type { AccionCita, AppointmentHistory, HistoryEntry } from '../../core/ports/history';
import { type Db, serialOf } from './open-database';

interface HistoryRow {
  id_cita: number;
  cuando: number;
  id_user: number;
  rol: Rol;
  accion: AccionCita;
  antes: string | null;
  despues: string | null;
}

/** Snapshots are JSON; `inicio` travels as ISO UTC text and comes back as a Date. */
function toJson(c: Cita | null): string | null {
  return c === null ? null : JSON.stringify(c);
}

function fromJson(text: string | null): Cita | null {
  if (text === null) return null;
  const raw = JSON.parse(text) as Omit<Cita, 'inicio'> & { inicio: string };
  return { ...raw, inicio: new Date(raw.inicio) };
}

export class SqliteHistory implements AppointmentHistory {
  private readonly serial;
  private readonly insert;
  private readonly select;

  constructor(db: Db) {
    this.serial = serialOf(db);
    this.insert = db.prepare<HistoryRow>(
      `INSERT INTO citas_historial (id_cita, cuando, id_user, rol, accion, antes, despues)
       VALUES (@id_cita, @cuando, @id_user, @rol, @accion, @antes, @despues)`,
    );
    this.select = db.prepare<[number], HistoryRow>('SELECT * FROM citas_historial WHERE id_cita = ? ORDER BY id');
  }

  record(e: HistoryEntry): Promise<void> {
    return this.serial.call(() => {
      this.insert.run({
        id_cita: e.idCita,
        cuando: e.cuando.getTime(),
        id_user: e.idUser,
        rol: e.rol,
        accion: e.accion,
        antes: toJson(e.antes),
        despues: toJson(e.despues),
      });
    });
  }

  listFor(idCita: number): Promise<HistoryEntry[]> {
    return this.serial.call(() =>
      this.select.all(idCita).map((r) => ({
        idCita: r.id_cita,
        cuando: new Date(r.cuando),
        idUser: r.id_user,
        rol: r.rol,
        accion: r.accion,
        antes: fromJson(r.antes),
        despues: fromJson(r.despues),
      })),
    );
  }
}
