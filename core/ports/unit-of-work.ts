/**
 * Runs work atomically (docs/adr/0011-asynchronous-unit-of-work.md). Use
 * cases that must read and write several rows as one (a booking's checks and
 * its cita, history and outbox rows; a doctor and its user) receive this port
 * instead of opening transactions themselves.
 *
 * What every adapter promises:
 * - **Ambient transaction.** The work may await. Every repository call made
 *   from within it (its asynchronous context, however deep) belongs to the
 *   transaction; nothing else does.
 * - **Isolation as if alone.** The work's reads and writes behave as if no
 *   other unit of work ran at the same time, in this process or another on the
 *   same database (SQLite: one writer at a time; PostgreSQL: SERIALIZABLE).
 *   So "check, then write" inside one run has no race.
 * - **Invisible until committed.** Repository calls from outside the work
 *   never see its uncommitted writes and never join it.
 * - **All or nothing.** If the work throws, nothing it wrote stays and `run`
 *   rethrows; if `run` resolves, everything is durable.
 * - **May run more than once.** An engine that detects a conflict with a
 *   concurrent transaction (PostgreSQL's serialization failures) rolls back
 *   and runs the work again from the start. The work must therefore have no
 *   effect outside the repositories (no HTTP calls, no notifications: those
 *   go through the outbox) and must not keep state between attempts.
 * - **Nested runs join** the outer one.
 */
export interface UnitOfWork {
  run<T>(work: () => Promise<T>): Promise<T>;
}
