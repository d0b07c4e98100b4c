import { agendaMigrations } from '../adapters/sqlite/agenda-migrations';
import { citasMigrations } from '../adapters/sqlite/citas-migrations';
import { openDatabase } from '../adapters/sqlite/open-database';

export interface SeededCitas {
  /** Clinic days (YYYY-MM-DD) that hold seeded citas, for GET /citas?fecha=. */
  days: string[];
  /** An instant (ms) after every seeded cita: bookings start here. */
  firstFreeInstant: number;
}

const DOCTORS_PER_DAY = 25;
const SLOTS_PER_DOCTOR = 20;
const PATIENTS = 5000;
const HALF_HOUR = 30 * 60_000;

/**
 * A bench fixture, not an API path: `rows` citas written straight into a
 * fresh citas.db with the service's own migrations (so the schema, indexes
 * and overlap triggers are the real ones), in one transaction, BEFORE the
 * citas process starts. 500 citas per weekday from tomorrow on: 25 doctors x
 * 20 half-hour slots from 08:00 UTC (09:00/10:00 in Madrid, the same clinic
 * day), patients reused every ten days so nobody overlaps; one in ten is
 * cancelled. The doctor and patient ids are far above the ones the bench
 * creates through admin, so bookings never collide with the fixture.
 */
export function seedCitas(file: string, rows: number, now = new Date()): SeededCitas {
  const db = openDatabase(file, [...citasMigrations, ...agendaMigrations]);
  try {
    const insert = db.prepare(
      `INSERT INTO citas (inicio, fin, duracion_min, motivo, estado, id_paciente, id_doctor, id_centro, id_user_registrado)
       VALUES (?, ?, 30, ?, ?, ?, ?, 1, 1)`,
    );
    const days: string[] = [];
    let lastEnd = 0;
    db.transaction(() => {
      const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
      let k = 0;
      while (k < rows) {
        if (day.getUTCDay() >= 1 && day.getUTCDay() <= 5) {
          days.push(day.toISOString().slice(0, 10));
          const opening = day.getTime() + 8 * 3_600_000;
          for (let d = 0; d < DOCTORS_PER_DAY && k < rows; d++) {
            for (let s = 0; s < SLOTS_PER_DOCTOR && k < rows; s++, k++) {
              const inicio = opening + s * HALF_HOUR;
              lastEnd = Math.max(lastEnd, inicio + HALF_HOUR);
              insert.run(inicio, inicio + HALF_HOUR, `Revisión ${k}`, k % 10 === 0 ? 'Cancelada' : 'Programada', 100_001 + (k % PATIENTS), 10_001 + d);
            }
          }
        }
        day.setUTCDate(day.getUTCDate() + 1);
      }
    })();
    return { days, firstFreeInstant: Date.UTC(new Date(lastEnd).getUTCFullYear(), new Date(lastEnd).getUTCMonth(), new Date(lastEnd).getUTCDate() + 1) };
  } finally {
    db.close();
  }
}
