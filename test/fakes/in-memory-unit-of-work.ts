import { SerialTransactions } from '../../adapters/storage/serial-transactions';
import type { UnitOfWork } from '../../core/ports/unit-of-work';

/**
 * A fake whose state can be saved and put back, so a failed unit of work
 * leaves no trace (as a SQLite rollback), and whose calls go through `serial`
 * (`serial.call`), the gate an InMemoryUnitOfWork shares among its
 * participants: while a run is open, calls from outside it wait, as they do
 * on a SQLite connection.
 */
export interface Transactional {
  serial: SerialTransactions;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
}

/**
 * Runs work against in-memory fakes with all-or-nothing semantics: if the
 * work throws, every participant is restored to its state before the run.
 * The fakes keep the same promises as SqliteUnitOfWork through the same
 * SerialTransactions: calls from outside an open run wait for it to end (so
 * a rollback restores only the run's own writes), nested runs join.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  private readonly serial = new SerialTransactions();
  /** Committed and rolled-back runs (outermost ones), for tests that care. */
  commits = 0;
  rollbacks = 0;

  constructor(private readonly participants: Transactional[]) {
    for (const p of participants) p.serial = this.serial;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    let saved: unknown[] = [];
    return this.serial.transaction(
      {
        begin: () => {
          saved = this.participants.map((p) => p.snapshot());
        },
        commit: () => {
          this.commits++;
        },
        rollback: () => {
          this.participants.forEach((p, i) => p.restore(saved[i]));
          this.rollbacks++;
        },
      },
      work,
    );
  }
}
