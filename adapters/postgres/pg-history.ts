import type { Cita } from '../../core/domain/appointment';
import type { Rol } from '../../core/domain/roles';
import type { AccionCita, AppointmentHistory, HistoryEntry } from '../../core/ports/history';
import type { PgDatabase } from './pg-database';

interface HistoryRow {
  id_cita: number;
  cuando: Date;
  id_user: number;
  rol: Rol;
  accion: AccionCita;
  /** jsonb, parsed by the driver: `inicio` is ISO text again. */
  antes: (Omit<Cita, 'inicio'> & { inicio: string }) | null;
  despues: (Omit<Cita, 'inicio'> & { inicio: string }) | null;
}

/** Snapshots are jsonb; `inicio` travels as ISO UTC text and comes back as a Date. */
function toJson(c: Cita | null): string | null {
  return c === null ? null : JSON.stringify(c);
}

function fromJson(raw: HistoryRow['antes']): Cita | null {
  return raw === null ? null : { ...raw, inicio: new Date(raw.inicio) };
}

export class PgHistory implements AppointmentHistory {
  constructor(private readonly db: PgDatabase) {}

  async record(e: HistoryEntry): Promise<void> {
    await this.db.query(
      `INSERT INTO citas_historial (id_cita, cuando, id_user, rol, accion, antes, despues)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
      [e.idCita, e.cuando, e.idUser, e.rol, e.accion, toJson(e.antes), toJson(e.despues)],
    );
  }

  async listFor(idCita: number): Promise<HistoryEntry[]> {
    const rows = await this.db.query<HistoryRow>('SELECT * FROM citas_historial WHERE id_cita = $1 ORDER BY id', [idCita]);
    return rows.map((r) => ({
      idCita: r.id_cita,
      cuando: r.cuando,
      idUser: r.id_user,
      rol: r.rol,
      accion: r.accion,
      antes: fromJson(r.antes),
      despues: fromJson(r.despues),
    }));
  }
}
