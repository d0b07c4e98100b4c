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
  private waiting: Array<() => void> = [];

  /** Runs one storage operation now if it may, else once the open transaction has ended. */
  call<T>(operation: () => T): Promise<T> {
    if (this.open === undefined || this.context.getStore() === this.open) {
      try {
        return Promise.resolve(operation());
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return this.turn().then(() => this.call(operation));
  }

  /** Runs `work` as the one open transaction; a run from inside the open one joins it. */
  async transaction<T>(steps: TransactionSteps, work: () => Promise<T>): Promise<T> {
    if (this.open !== undefined && this.context.getStore() === this.open) return work();
    while (this.open !== undefined) await this.turn();
    const id = Symbol('transaction');
    this.open = id;
    try {
      steps.begin();
      let result: T;
      try {
        result = await this.context.run(id, work);
        steps.commit();
      } catch (err) {
        steps.rollback();
        throw err;
      }
      return result;
    } finally {
      this.open = undefined;
      const woken = this.waiting;
      this.waiting = [];
      for (const wake of woken) wake();
    }
  }

  /** True while a transaction is open (for readiness probes and tests). */
  get busy(): boolean {
    return this.open !== undefined;
  }

  private turn(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}
