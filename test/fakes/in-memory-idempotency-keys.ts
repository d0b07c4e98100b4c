import { SerialTransactions } from '../../adapters/storage/serial-transactions';
import type { Cita } from '../../core/domain/appointment';
import { IdempotencyKeyInUseError, type IdempotentAnswer } from '../../core/domain/idempotency';
import type { IdempotencyKeys } from '../../core/ports/idempotency-keys';
import { copyCita } from './in-memory-appointments';
import type { Transactional } from './in-memory-unit-of-work';

function copyAnswer(a: IdempotentAnswer): IdempotentAnswer {
  const respuesta = Object.fromEntries(Object.entries(a.respuesta).map(([name, cita]: [string, Cita]) => [name, copyCita(cita)])) as typeof a.respuesta;
  return { ...a, respuesta, creadaEn: new Date(a.creadaEn.getTime()) };
}

/**
 * Answers by (user, key). Holding a key inside a run needs nothing more: the
 * shared SerialTransactions already keeps every other call out of an open run.
 */
export class InMemoryIdempotencyKeys implements IdempotencyKeys, Transactional {
  serial = new SerialTransactions();
  private answers = new Map<string, IdempotentAnswer>();

  find(idUser: number, clave: string, since: Date): Promise<IdempotentAnswer | undefined> {
    return this.serial.call(() => {
      const a = this.answers.get(keyOf(idUser, clave));
      return a && a.creadaEn >= since ? copyAnswer(a) : undefined;
    });
  }

  record(answer: IdempotentAnswer, forgetBefore: Date): Promise<void> {
    return this.serial.call(() => {
      for (const [k, a] of this.answers) if (a.creadaEn < forgetBefore) this.answers.delete(k);
      const k = keyOf(answer.idUser, answer.clave);
      if (this.answers.has(k)) throw new IdempotencyKeyInUseError();
      this.answers.set(k, copyAnswer(answer));
    });
  }

  /** How many answers are stored, forgotten ones not yet deleted included (tests look inside). */
  size(): number {
    return this.answers.size;
  }

  snapshot(): unknown {
    return [...this.answers.values()].map(copyAnswer);
  }

  restore(s: unknown): void {
    this.answers = new Map((s as IdempotentAnswer[]).map((a) => [keyOf(a.idUser, a.clave), copyAnswer(a)]));
  }
}

const keyOf = (idUser: number, clave: string) => `${idUser}\u0000${clave}`;
