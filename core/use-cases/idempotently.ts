import {
  type IdempotentRequest,
  type OperacionIdempotente,
  rememberedSince,
  replayOf,
  type RespuestaIdempotente,
} from '../domain/idempotency';
import type { CitasPorts } from './citas-use-cases';

/** A use case's answer, and whether it was given now or earlier under the same Idempotency-Key (then nothing was done now). */
export type Replayable<R> = R & { replayed: boolean };

/** What a use case does, split where its transaction starts. */
export interface IdempotentSteps<O extends OperacionIdempotente, P> {
  /** The checks and calls before the transaction, if any (the directory); what they find goes to `write`. */
  prepare?(): Promise<P>;
  /** The transaction's work, at the transaction's `now`: its answer is what a replay answers. */
  write(prepared: P, now: Date): Promise<RespuestaIdempotente<O>>;
}

/**
 * How every use case that takes an Idempotency-Key runs (the rules are
 * core/domain/idempotency.ts), so that booking, changing, cancelling and
 * changing the estado of a cita honour a key alike. Without a key: prepare,
 * then write in one unit of work. With one:
 *
 * - the key is looked up first, before any check or call to admin: a
 *   request seen before answers its stored answer again, and does nothing
 *   (a use case with nothing to prepare looks it up in its transaction only);
 * - a request that fails before its transaction looks the key up once
 *   more: a copy of it sent at the same time may have done the work since,
 *   and this failure may be that work seen from outside (the cita already
 *   replaced or cancelled);
 * - inside the unit of work the key is looked up again first, holding it
 *   (IdempotencyKeys: SQLite one writer, PostgreSQL an advisory lock taken
 *   before the agenda locks), so of two concurrent copies the second waits
 *   and replays the first's answer;
 * - the answer is recorded last in that same unit of work: the change and
 *   its answer commit together or not at all, so a failure stores nothing.
 */
export async function idempotently<O extends OperacionIdempotente, P>(
  ports: Pick<CitasPorts, 'idempotencyKeys' | 'uow' | 'clock'>,
  request: IdempotentRequest<O> | undefined,
  steps: IdempotentSteps<O, P>,
): Promise<Replayable<RespuestaIdempotente<O>>> {
  const { idempotencyKeys, uow, clock } = ports;
  const replay = async (now: Date): Promise<Replayable<RespuestaIdempotente<O>> | undefined> => {
    if (!request) return undefined;
    const stored = await idempotencyKeys.find(request.idUser, request.clave, rememberedSince(now));
    return stored && { ...replayOf(stored, request), replayed: true };
  };

  let prepared = undefined as P;
  if (steps.prepare) {
    const earlier = await replay(clock.now());
    if (earlier) return earlier;
    try {
      prepared = await steps.prepare();
    } catch (err) {
      const concurrent = await replay(clock.now());
      if (concurrent) return concurrent;
      throw err;
    }
  }

  return uow.run(async () => {
    const now = clock.now();
    const concurrent = await replay(now);
    if (concurrent) return concurrent;
    const answer = await steps.write(prepared, now);
    if (request) await idempotencyKeys.record({ ...request, respuesta: answer, creadaEn: now }, rememberedSince(now));
    return { ...answer, replayed: false };
  });
}
