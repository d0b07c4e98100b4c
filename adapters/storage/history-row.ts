import type { Cita } from '../../core/domain/appointment';
import type { Rol } from '../../core/domain/roles';
import type { AccionCita, HistoryEntry } from '../../core/ports/history';
import { instantOf, jsonOf, type StoredInstant, type StoredJson } from './column-values';

/** A cita snapshot as JSON keeps it: `inicio` is ISO UTC text. */
type SnapshotJson = Omit<Cita, 'inicio'> & { inicio: string };

/** A row of `citas_historial`, as both SqliteHistory and PgHistory read it. */
export interface HistoryRow {
  id_cita: number;
  cuando: StoredInstant;
  id_user: number;
  rol: Rol;
  accion: AccionCita;
  antes: StoredJson<SnapshotJson> | null;
  despues: StoredJson<SnapshotJson> | null;
}

/** Snapshots are stored as JSON; `inicio` travels as ISO UTC text and comes back as a Date. */
export function snapshotJson(c: Cita | null): string | null {
  return c === null ? null : JSON.stringify(c);
}

function snapshotOf(stored: HistoryRow['antes']): Cita | null {
  if (stored === null) return null;
  const raw = jsonOf(stored);
  return { ...raw, inicio: new Date(raw.inicio) };
}

export function historyEntryOf(r: HistoryRow): HistoryEntry {
  return {
    idCita: r.id_cita,
    cuando: instantOf(r.cuando),
    idUser: r.id_user,
    rol: r.rol,
    accion: r.accion,
    antes: snapshotOf(r.antes),
    despues: snapshotOf(r.despues),
  };
}
