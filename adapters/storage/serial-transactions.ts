import { AsyncLocalStorage } from 'node:async_hooks';

/** How to open, keep and undo one transaction on the connection this gate guards. */
export interface TransactionSteps {
  begin(): void;
  commit(): void;
  rollback(): void;
}

/**
 * One transaction at a time on one connection, and the rest of the process
 * kept out of it while it is open (the UnitOfWork promises of
 * core/ports/unit-of-work.ts, for a store whose calls are synchronous:
 * better-sqlite3, the in-memory fakes).
 *
 * A unit of work may await, so other requests' code runs between its steps.
 * On a single connection their statements would land inside the open
 * transaction: they would read its uncommitted rows, and a rollback would
 * take their acknowledged writes with it. So every storage call goes through
 * `call`: it runs at once when no transaction is open or when it comes from
 * inside the open one (its asynchronous context says so), and otherwise waits
 * until that transaction has ended. A unit of work should only await its own
 * storage calls; one that awaited the network would stall every other caller.
 */
export class SerialTransactions {
  private readonly context = new AsyncLocalStorage<symbol>();
  private open: symbol | undefined;
  /** Who waits for the open transaction to end, in the order they asked. */
  private waiting: Array<{ transaction: boolean; wake: () => void }> = [];

  /**
   * `failure` turns what a storage call or a transaction step throws into
   * what the core should see (adapters/sqlite/open-database.ts: a write lock
   * another process held too long is an outage); by default, as thrown.
   */
  constructor(private readonly failure: (err: unknown) => unknown = (err) => err) {}

  /** Runs one storage operation now if it may, else once the open transaction has ended. */
  call<T>(operation: () => T): Promise<T> {
    return this.mayRun() ? this.attempt(operation) : this.turn(false, 'last').then(() => this.callWhenWoken(operation));
  }

  /** Runs `work` as the one open transaction; a run from inside the open one joins it. */
  async transaction<T>(steps: TransactionSteps, work: () => Promise<T>): Promise<T> {
    if (this.open !== undefined && this.context.getStore() === this.open) return work();
    if (this.open !== undefined) {
      await this.turn(true, 'last');
      while (this.open !== undefined) await this.turn(true, 'first');
    }
    const id = Symbol('transaction');
    this.open = id;
    try {
      try {
        steps.begin();
      } catch (err) {
        throw this.failure(err);
      }
      let result: T;
      try {
        result = await this.context.run(id, work);
        steps.commit();
      } catch (err) {
        steps.rollback();
        throw this.failure(err);
      }
      return result;
    } finally {
      this.open = undefined;
      this.wakeNext();
    }
  }

  /** True while a transaction is open (for readiness probes and tests). */
  get busy(): boolean {
    return this.open !== undefined;
  }

  /** A storage call from inside the open transaction, or with none open, runs at once. */
  private mayRun(): boolean {
    return this.open === undefined || this.context.getStore() === this.open;
  }

  private attempt<T>(operation: () => T): Promise<T> {
    try {
      return Promise.resolve(operation());
    } catch (err) {
      return Promise.reject(this.failure(err));
    }
  }

  /** Checked and run in one step: between a wake-up and its turn, another transaction may have opened. */
  private callWhenWoken<T>(operation: () => T): Promise<T> {
    return this.mayRun() ? this.attempt(operation) : this.turn(false, 'first').then(() => this.callWhenWoken(operation));
  }

  /**
   * Waits for the next wake-up. A waiter woken and then beaten to the gate
   * by a newcomer goes back to the front ('first'): it asked before anyone
   * still queued.
   */
  private turn(transaction: boolean, place: 'first' | 'last'): Promise<void> {
    return new Promise((wake) => {
      if (place === 'first') this.waiting.unshift({ transaction, wake });
      else this.waiting.push({ transaction, wake });
    });
  }

  /**
   * Wakes the waiting calls in order up to the first waiting transaction,
   * which opens next; whoever asked after it keeps its place until that one
   * ends. Waking every waiter at each end made each of n waiting units of
   * work queue again n times: 41 µs per transaction with 32 waiting and 120
   * µs with 64, against 5 µs with 8 (BENCHMARKS.md).
   */
  private wakeNext(): void {
    while (this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      next.wake();
      if (next.transaction) return;
    }
  }
}
