import type { UnitOfWork } from '../../core/ports/unit-of-work';

/** A fake whose state can be saved and put back, so a failed unit of work leaves no trace (as a SQLite rollback). */
export interface Transactional {
  snapshot(): unknown;
  restore(snapshot: unknown): void;
}

/**
 * Runs work against in-memory fakes with all-or-nothing semantics: if the
 * work throws, every participant is restored to its state before the run.
 * Nested runs join the outer one, like SqliteUnitOfWork.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  private depth = 0;
  /** Committed and rolled-back runs, for tests that care. */
  commits = 0;
  rollbacks = 0;

  constructor(private readonly participants: Transactional[]) {}

  run<T>(work: () => T): T {
    if (this.depth > 0) return work();
    const saved = this.participants.map((p) => p.snapshot());
    this.depth++;
    try {
      const result = work();
      this.commits++;
      return result;
    } catch (err) {
      this.participants.forEach((p, i) => p.restore(saved[i]));
      this.rollbacks++;
      throw err;
    } finally {
      this.depth--;
    }
  }
}
