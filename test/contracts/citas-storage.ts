import type { Absences, Schedules } from '../../core/ports/agenda';
import type { Appointments } from '../../core/ports/appointments';
import type { AppointmentHistory } from '../../core/ports/history';
import type { IdempotencyKeys } from '../../core/ports/idempotency-keys';
import type { Outbox, OutboxQueue } from '../../core/ports/outbox';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import { InMemoryAbsences, InMemorySchedules } from '../fakes/in-memory-agenda';
import { InMemoryAppointments } from '../fakes/in-memory-appointments';
import { InMemoryHistory } from '../fakes/in-memory-history';
import { InMemoryIdempotencyKeys } from '../fakes/in-memory-idempotency-keys';
import { InMemoryOutbox } from '../fakes/in-memory-outbox';
import { InMemoryUnitOfWork } from '../fakes/in-memory-unit-of-work';

/** Every storage port of the citas service, on one store. */
export interface CitasStorage {
  appointments: Appointments;
  history: AppointmentHistory;
  outbox: Outbox & OutboxQueue;
  schedules: Schedules;
  absences: Absences;
  idempotencyKeys: IdempotencyKeys;
  uow: UnitOfWork;
}

/** One implementation of the citas storage ports, fresh and empty, and how to dispose of it. */
export interface CitasStorageUnderTest {
  storage: CitasStorage;
  close(): void;
  /**
   * How many of its statements wait for a lock another unit of work holds
   * right now, for an engine that runs units of work side by side
   * (PostgreSQL: pg_stat_activity). Absent where one unit of work runs at a
   * time (SQLite, the fakes: SerialTransactions): there a second run is
   * queued as it is called, before any of its work runs.
   */
  waitingForLock?(): Promise<number>;
}

export type MakeCitasStorage = () => CitasStorageUnderTest;

/** The in-memory fakes, typed as themselves so tests can look inside. */
export function inMemoryCitasFakes() {
  const appointments = new InMemoryAppointments();
  const history = new InMemoryHistory();
  const outbox = new InMemoryOutbox();
  const schedules = new InMemorySchedules();
  const absences = new InMemoryAbsences();
  const idempotencyKeys = new InMemoryIdempotencyKeys();
  const uow = new InMemoryUnitOfWork([appointments, history, outbox, schedules, absences, idempotencyKeys]);
  return { appointments, history, outbox, schedules, absences, idempotencyKeys, uow };
}

export const inMemoryCitasStorage: MakeCitasStorage = () => ({ storage: inMemoryCitasFakes(), close() {} });
