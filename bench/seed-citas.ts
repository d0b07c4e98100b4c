import { agendaMigrations } from '../adapters/sqlite/agenda-migrations';
import { citasMigrations } from '../adapters/sqlite/citas-migrations';
import { openDatabase } from '../adapters/sqlite/open-database';

export interface SeededCitas {
  rows: number;
  perDay: number;
  /** Clinic days (YYYY-MM-DD) that hold seeded citas, oldest first. */
  days: string[];
  /** The days the list scenarios ask for: the last year of them (what a front desk looks at). */
  listDays: string[];
  /** An instant (ms) after every seeded cita: bookings start here. */
  firstFreeInstant: number;
  /** How long the seeding took (ms). */
  ms: number;
}

const SLOTS_PER_DOCTOR = 4;
const PATIENTS = 5000;
const HALF_HOUR = 30 * 60_000;
/** Past citas: mostly attended, one in ten cancelled, one in ten a no-show. */
const ESTADOS = ['Cancelada', 'Atendida', 'Atendida', 'Atendida', 'NoAsistio', 'Atendida', 'Atendida', 'Atendida', 'Atendida', 'Atendida'];
/** Bookings start a week ahead: inside the booking horizon, and no reminder falls due during the run. */
const BOOKINGS_FROM_DAYS = 7;
const LIST_DAYS = 250;

/**
 * A bench fixture, not an API path: `rows` citas written straight into a
 * fresh citas.db with the service's own migrations (so the schema, indexes
 * and overlap triggers are the real ones), in one transaction, BEFORE the
 * citas process starts: the clinic's history, `perDay` citas on each of
 * the weekdays before today (so a day's list holds exactly `perDay` of the
 * table's `rows`, and a million rows are ~190 years of a small clinic or a
 * few years of a network): perDay / 4 doctors x 4 half-hour slots from
 * 08:00 UTC (09:00/10:00 in Madrid, the same clinic day); patients reused
 * every few days so nobody overlaps. Bookings go after them, from a week
 * ahead (`firstFreeInstant`): a booking must be inside the 10-year horizon,
 * so a big table is mostly past citas, as a real one is. The doctor and
 * patient ids are far above the ones the bench creates through admin.
 *
 * Fast enough for a million rows (a few seconds): the citas table's indexes
 * and triggers are dropped, the rows go in in index order, and the very same
 * CREATE statements (read back from sqlite_master) are run again afterwards,
 * so the file ends with exactly the schema the migrations made. The rows
 * never overlap by construction, which the triggers would only re-check.
 */
/** One seeded cita: start instant (ms), its estado, patient and doctor; every one 30 minutes at center 1, by user 1. */
export interface HistoryCita {
  k: number;
  inicio: number;
  estado: string;
  idPaciente: number;
  idDoctor: number;
}

export interface CitasHistory extends Omit<SeededCitas, 'ms'> {
  /** Every cita of the history, in start order (the citas_inicio order). */
  each(visit: (c: HistoryCita) => void): void;
}

/**
 * The clinic's history both seeders write (SQLite here, PostgreSQL in
 * bench/seed-citas-pg.ts), so both engines hold the very same rows.
 */
export function citasHistory(rows: number, perDay = 20, now = new Date()): CitasHistory {
  const doctorsPerDay = Math.max(1, Math.ceil(perDay / SLOTS_PER_DOCTOR));
  // The weekdays before today, as many as the rows need, oldest first.
  const days: string[] = [];
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  while (days.length * perDay < rows) {
    day.setUTCDate(day.getUTCDate() - 1);
    if (day.getUTCDay() >= 1 && day.getUTCDay() <= 5) days.push(day.toISOString().slice(0, 10));
  }
  days.reverse();
  return {
    rows,
    perDay,
    days,
    listDays: days.slice(-LIST_DAYS),
    firstFreeInstant: Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + BOOKINGS_FROM_DAYS),
    each(visit) {
      let k = 0;
      for (const d of days) {
        const opening = Date.parse(`${d}T08:00:00Z`);
        // Slot-major, so the rows of a day go in in start order (the citas_inicio order).
        for (let s = 0, inDay = 0; s < SLOTS_PER_DOCTOR && inDay < perDay && k < rows; s++) {
          for (let doc = 0; doc < doctorsPerDay && inDay < perDay && k < rows; doc++, inDay++, k++) {
            const inicio = opening + s * HALF_HOUR;
            visit({ k, inicio, estado: ESTADOS[k % ESTADOS.length], idPaciente: 100_001 + (k % PATIENTS), idDoctor: 10_001 + doc });
          }
        }
      }
    },
  };
}

export function seedCitas(file: string, rows: number, perDay = 20, now = new Date()): SeededCitas {
  const started = performance.now();
  const history = citasHistory(rows, perDay, now);
  const db = openDatabase(file, [...citasMigrations, ...agendaMigrations]);
  try {
    // A fixture written once before the service opens the file: no need to fsync each page.
    db.pragma('synchronous = OFF');
    const schema = db
      .prepare<[], { type: string; name: string; sql: string }>(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'citas' AND type IN ('index', 'trigger') AND sql IS NOT NULL",
      )
      .all();
    const insert = db.prepare(
      `INSERT INTO citas (inicio, fin, duracion_min, motivo, estado, id_paciente, id_doctor, id_centro, id_user_registrado)
       VALUES (?, ?, 30, ?, ?, ?, ?, 1, 1)`,
    );
    db.transaction(() => {
      for (const s of schema) db.exec(`DROP ${s.type.toUpperCase()} ${s.name}`);
      history.each((c) => insert.run(c.inicio, c.inicio + HALF_HOUR, `Revisión ${c.k}`, c.estado, c.idPaciente, c.idDoctor));
      for (const s of schema) db.exec(s.sql);
    })();
    const { each: _each, ...seeded } = history;
    return { ...seeded, ms: performance.now() - started };
  } finally {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
}
