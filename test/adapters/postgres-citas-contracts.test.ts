import { it } from 'node:test';
import { agendaContract } from '../contracts/agenda-contract';
import { appointmentsContract } from '../contracts/appointments-contract';
import { checkBookingInvariants } from '../contracts/booking-invariants';
import { historyContract } from '../contracts/history-contract';
import { idempotencyKeysContract } from '../contracts/idempotency-keys-contract';
import { outboxContract } from '../contracts/outbox-contract';
import { unitOfWorkContract } from '../contracts/unit-of-work-contract';
import { describeWithPostgres } from '../support/postgres';
import { sharedCitasDatabase } from './postgres-citas-storage';

/**
 * The shared citas port contracts, the ones the fakes and SQLite pass, on a
 * real PostgreSQL: one migrated database for the file, emptied before each
 * test (postgres-citas-storage.ts).
 */
describeWithPostgres('citas port contracts on PostgreSQL', (pg) => {
  const { make } = sharedCitasDatabase(pg);
  appointmentsContract('PostgreSQL', make);
  historyContract('PostgreSQL', make);
  idempotencyKeysContract('PostgreSQL', make);
  outboxContract('PostgreSQL', make);
  unitOfWorkContract('PostgreSQL', make);
  agendaContract('PostgreSQL', () => {
    const { storage, close } = make();
    return { schedules: storage.schedules, absences: storage.absences, close };
  });
  it('keeps the booking invariants under random operation sequences (as on SQLite)', async () => {
    await checkBookingInvariants({ numRuns: 15, storage: make });
  });
});
