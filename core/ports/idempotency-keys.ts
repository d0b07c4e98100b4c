import type { IdempotentAnswer } from '../domain/idempotency';

/**
 * The answers stored under Idempotency-Keys (core/domain/idempotency.ts has
 * the rules; core/use-cases/idempotently.ts is the one user, for every use
 * case that takes a key). What every adapter promises, checked by
 * test/contracts/idempotency-keys-contract.ts:
 *
 * - `find` sees only answers stored at or after `since`, and only the key's
 *   own user's: another user's identical key is another key. It gives back
 *   the answer whole, with its operation and fingerprint, whatever the
 *   operation (one key, one request, of any kind).
 * - Inside a unit of work, `find` holds the key until the run ends: a second
 *   run's `find` of the same key waits, then sees what the first committed.
 *   So "find, change, record" inside one run cannot act twice for one key
 *   (SQLite: one writer at a time; PostgreSQL: an advisory lock on the key).
 * - `record` belongs to the unit of work it is called in (the change and its
 *   answer commit together or not at all), forgets every answer stored before
 *   `forgetBefore` (so the table holds one window of keys), and refuses a
 *   second answer for a key still remembered with IdempotencyKeyInUseError.
 */
export interface IdempotencyKeys {
  find(idUser: number, clave: string, since: Date): Promise<IdempotentAnswer | undefined>;
  record(answer: IdempotentAnswer, forgetBefore: Date): Promise<void>;
}
