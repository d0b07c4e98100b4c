import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agendaMigrations } from '../../adapters/sqlite/agenda-migrations';
import { citasMigrations } from '../../adapters/sqlite/citas-migrations';
import { type Db, openDatabase, SqliteUnitOfWork } from '../../adapters/sqlite/open-database';
import { SqliteAppointments } from '../../adapters/sqlite/sqlite-appointments';
import { SqliteHistory } from '../../adapters/sqlite/sqlite-history';
import { SqliteIdempotencyKeys } from '../../adapters/sqlite/sqlite-idempotency-keys';
import { SqliteOutbox } from '../../adapters/sqlite/sqlite-outbox';
import { SqliteAbsences } from '../../adapters/sqlite/sqlite-absences';
import { SqliteSchedules } from '../../adapters/sqlite/sqlite-schedules';
import type { Clock } from '../../core/ports/clock';
import { FixedClock } from '../fakes/fixed-clock';
import type { CitasStorage, CitasStorageUnderTest } from '../contracts/citas-storage';

/** The citas adapters on one connection to `file`. */
/** `clock` stamps the rows that record when they were written (schedules, absences). */
export function sqliteCitasOn(db: Db, clock: Clock = new FixedClock()): CitasStorage {
  return {
    appointments: new SqliteAppointments(db),
    history: new SqliteHistory(db),
    outbox: new SqliteOutbox(db),
    schedules: new SqliteSchedules(db, clock),
    absences: new SqliteAbsences(db, clock),
    idempotencyKeys: new SqliteIdempotencyKeys(db),
    uow: new SqliteUnitOfWork(db),
  };
}

/** A real SQLite file in a fresh temp dir, removed on close. */
export function tempCitasDb(): { file: string; db: Db; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'citas-'));
  const file = join(dir, 'citas.db');
  const db = openDatabase(file, [...citasMigrations, ...agendaMigrations]);
  return {
    file,
    db,
    cleanup() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function sqliteCitasStorage(): CitasStorageUnderTest {
  const t = tempCitasDb();
  return { storage: sqliteCitasOn(t.db), close: t.cleanup };
}
