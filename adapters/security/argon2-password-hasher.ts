import { availableParallelism } from 'node:os';
import { hash, parseOptions, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../../core/ports/password-hasher';

export interface Argon2Params {
  memoryCost: number; // KiB
  timeCost: number;
  parallelism: number;
}

/** OWASP's Argon2id baseline (docs/adr/0001-argon2id.md). */
export const OWASP_ARGON2ID: Argon2Params = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

// Algorithm.Argon2id; the package's enum is `const`, which transpile-only builds cannot inline.
const ARGON2ID = 2;

/**
 * At most one hash per core at a time. libuv's pool would run four, each
 * holding 19 MiB, for no more throughput on a 2-core machine (BENCHMARKS.md).
 */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/**
 * Argon2id hashes as PHC strings ($argon2id$v=19$m=19456,t=2,p=1$salt$hash).
 * hash/verify run on libuv's thread pool, so a login never blocks the event loop.
 */
export class Argon2PasswordHasher implements PasswordHasher {
  private readonly slots: Slots;

  constructor(
    private readonly params: Argon2Params = OWASP_ARGON2ID,
    concurrency = availableParallelism(),
  ) {
    this.slots = new Slots(Math.max(1, concurrency));
  }

  hash(password: string): Promise<string> {
    return this.slots.run(() => hash(password, { ...this.params, algorithm: ARGON2ID }));
  }

  async verify(phc: string, password: string): Promise<boolean> {
    try {
      return await this.slots.run(() => verify(phc, password));
    } catch {
      return false; // a malformed hash is a failed login, never a 500
    }
  }

  needsRehash(phc: string): boolean {
    try {
      const o = parseOptions(phc);
      return (
        Number(o.algorithm) !== ARGON2ID ||
        o.memoryCost !== this.params.memoryCost ||
        o.timeCost !== this.params.timeCost ||
        o.parallelism !== this.params.parallelism
      );
    } catch {
      return true;
    }
  }
}
