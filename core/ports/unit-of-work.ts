/**
 * Runs work atomically. Use cases that must write several rows as one (a
 * doctor and its user, a new cita and the cancelled old one) receive this
 * port instead of opening transactions themselves. The work is synchronous on
 * purpose: nothing may await (and so interleave) inside a transaction.
 */
export interface UnitOfWork {
  run<T>(work: () => T): T;
}
