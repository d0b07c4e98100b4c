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
 * - **Isolation as if alone, for the rules it checks.** What the work reads to
 *   decide (a row it then changes, a doctor's or a patient's agenda) stays as
 *   it read it until it commits, whatever other units of work do, in this
 *   process or another on the same database (SQLite: one writer at a time;
 *   PostgreSQL: those rows and agendas are locked until the run ends). So
 *   "check, then write" inside one run has no race.
 * - **Invisible until committed.** Repository calls from outside the work
 *   never see its uncommitted writes and never join it.
 * - **All or nothing.** If the work throws, nothing it wrote stays and `run`
 *   rethrows; if `run` resolves, everything is durable.
 * - **May run more than once.** An engine that detects a conflict with a
 *   concurrent transaction (a PostgreSQL deadlock) rolls back
 *   and runs the work again from the start. The work must therefore have no
 *   effect outside the repositories (no HTTP calls, no notifications: those
 *   go through the outbox) and must not keep state between attempts.
 * - **Nested runs join** the outer one.
 */
export interface UnitOfWork {
  run<T>(work: () => Promise<T>): Promise<T>;
}
