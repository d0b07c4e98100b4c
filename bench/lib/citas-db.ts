import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * A cita as stored, read straight from the citas store (the SQLite file or
 * the PostgreSQL database), not through the API under test.
 */
export interface StoredCita {
  id: number;
  inicioMs: number;
  duracionMin: number;
  motivo: string;
  estado: string;
  idPaciente: number;
  idDoctor: number;
  idCentro: number;
  idCitaAnterior: number | null;
  idCitaNueva: number | null;
}

export const ACTIVE_STATES = new Set(['Programada', 'Confirmada']);

function pick(columns: string[], candidates: string[], what: string): string {
  const found = candidates.find((c) => columns.includes(c));
  if (!found) throw new Error(`citas table has no ${what} column (looked for ${candidates.join(', ')}; it has ${columns.join(', ')})`);
  return found;
}

function toMs(value: unknown): number {
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
  return Date.parse(String(value));
}

/**
 * Every cita in the file, opened read-only. Column names are looked up
 * rather than assumed, so the check reads the schema the service wrote.
 */
export function readStoredCitas(file: string): StoredCita[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info('citas')`).pluck().all() as string[]) ?? [];
    if (columns.length === 0) throw new Error(`${file} has no citas table`);
    const c = {
      id: pick(columns, ['id_cita', 'id'], 'id'),
      inicio: pick(columns, ['inicio_ms', 'inicio', 'fecha_ms', 'fecha'], 'start'),
      duracion: pick(columns, ['duracion_min', 'duracion'], 'duration'),
      motivo: pick(columns, ['motivo'], 'motivo'),
      estado: pick(columns, ['estado'], 'estado'),
      paciente: pick(columns, ['id_paciente'], 'patient'),
      doctor: pick(columns, ['id_doctor'], 'doctor'),
      centro: pick(columns, ['id_centro'], 'center'),
      anterior: pick(columns, ['id_cita_anterior'], 'previous link'),
      nueva: pick(columns, ['id_cita_nueva'], 'next link'),
    };
    const rows = db
      .prepare(
        `SELECT ${c.id} AS id, ${c.inicio} AS inicio, ${c.duracion} AS duracion, ${c.motivo} AS motivo, ${c.estado} AS estado,
                ${c.paciente} AS paciente, ${c.doctor} AS doctor, ${c.centro} AS centro, ${c.anterior} AS anterior, ${c.nueva} AS nueva
           FROM citas`,
      )
      .all() as Record<string, unknown>[];
    return rows.map((r) => ({
      id: Number(r.id),
      inicioMs: toMs(r.inicio),
      duracionMin: Number(r.duracion),
      motivo: String(r.motivo),
      estado: String(r.estado),
      idPaciente: Number(r.paciente),
      idDoctor: Number(r.doctor),
      idCentro: Number(r.centro),
      idCitaAnterior: r.anterior === null ? null : Number(r.anterior),
      idCitaNueva: r.nueva === null ? null : Number(r.nueva),
    }));
  } finally {
    db.close();
  }
}

/**
 * Every cita in a citas PostgreSQL database, read in one READ ONLY
 * transaction (one snapshot). The schema is adapters/postgres/citas-migrations.ts:
 * `inicio` is a timestamptz, read as epoch milliseconds so nothing is lost
 * to a Date round trip.
 */
export async function readStoredCitasPostgres(url: string): Promise<StoredCita[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT id_cita, (extract(epoch FROM inicio) * 1000)::bigint::text AS inicio_ms, duracion_min, motivo, estado,
              id_paciente, id_doctor, id_centro, id_cita_anterior, id_cita_nueva
         FROM citas`,
    );
    await client.query('COMMIT');
    return rows.map((r) => ({
      id: Number(r.id_cita),
      inicioMs: Number(r.inicio_ms),
      duracionMin: Number(r.duracion_min),
      motivo: String(r.motivo),
      estado: String(r.estado),
      idPaciente: Number(r.id_paciente),
      idDoctor: Number(r.id_doctor),
      idCentro: Number(r.id_centro),
      idCitaAnterior: r.id_cita_anterior === null ? null : Number(r.id_cita_anterior),
      idCitaNueva: r.id_cita_nueva === null ? null : Number(r.id_cita_nueva),
    }));
  } finally {
    await client.end();
  }
}

/**
 * Where one stress round's citas live: the environment that points a citas
 * process at it, and a reader of its rows for the invariant check
 * (bench/lib/invariants.ts reads StoredCita, whichever store they came from).
 */
export interface CitasStore {
  /** 'sqlite' or 'postgres', for reports. */
  kind: 'sqlite' | 'postgres';
  env: NodeJS.ProcessEnv;
  readCitas(): Promise<StoredCita[]>;
}

/** citas.db in the processes' DATA_DIR (the default when CITAS_DATABASE_URL is unset). */
export function sqliteCitasStore(dataDir: string): CitasStore {
  return { kind: 'sqlite', env: {}, readCitas: async () => readStoredCitas(join(dataDir, 'citas.db')) };
}

/** A citas PostgreSQL database of its own (CITAS_DATABASE_URL). */
export function postgresCitasStore(url: string): CitasStore {
  return { kind: 'postgres', env: { CITAS_DATABASE_URL: url }, readCitas: () => readStoredCitasPostgres(url) };
}
