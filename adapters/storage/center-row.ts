import type { Center } from '../../core/domain/center';
import { flagOf, type StoredFlag } from './column-values';

/** A row of `centers`, as both SqliteCenters and PgCenters read it (nombre_norm is for search only). */
export interface CenterRow {
  id: number;
  nombre: string;
  direccion: string;
  activo: StoredFlag;
}

export function toCenter(row: CenterRow): Center {
  return { id: row.id, nombre: row.nombre, direccion: row.direccion, activo: flagOf(row.activo) };
}
