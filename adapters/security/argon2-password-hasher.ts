import { availableParallelism } from 'node:os';
import { hash, parseOptions, verify } from '@node-rs/argon2';
import { DependencyUnavailableError } from '../../core/domain/errors';
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
 * At most `size` hashes at a time (defaultHashConcurrency below).
 * At most `maxWaiting` wait for a slot; beyond that a job is refused at once
 * (503 with Retry-After), so the wait anyone can meet is bounded by the
 * queue, never by how many requests an attacker sends
 * (docs/adr/0009-login-abuse-limits.md).
 */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(
    size: number,
    private readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {
    this.free = size;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else if (this.waiting.length >= this.maxWaiting) throw busy();
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

function busy(): DependencyUnavailableError {
  return new DependencyUnavailableError('Hay demasiadas comprobaciones de contraseña en curso; vuelva a intentarlo en un momento.', 1);
}

/**
 * Hashes running at once by default (PASSWORD_HASH_CONCURRENCY): one per
 * core, each holding 19 MiB. One more in flight was tried: the same
 * throughput within this machine's noise (logins 73-79 % of the raw Argon2id
 * rate against 74-83 % with one per core) for 19 MiB more of peak RSS (admin
 * 147 -> 167 MB, over the 150 MB target; BENCHMARKS.md). Never all of
 * libuv's pool (UV_THREADPOOL_SIZE, 4 by default): one thread stays free for
 * the file and DNS work that shares it.
 */
export function defaultHashConcurrency(cores = availableParallelism(), threadPool = Number(process.env.UV_THREADPOOL_SIZE) || 4): number {
  return Math.max(1, Math.min(cores, threadPool - 1));
}

/** Hashes allowed to wait for a slot by default (PASSWORD_HASH_QUEUE). */
export const DEFAULT_HASH_QUEUE = 32;

/**
 * Argon2id hashes as PHC strings ($argon2id$v=19$m=19456,t=2,p=1$salt$hash).
 * hash/verify run on libuv's thread pool, so a login never blocks the event
 * loop; when the queue for it is full they fail with DependencyUnavailableError.
 */
export class Argon2PasswordHasher implements PasswordHasher {
  private readonly slots: Slots;

  constructor(
    private readonly params: Argon2Params = OWASP_ARGON2ID,
    concurrency = defaultHashConcurrency(),
    maxWaiting = DEFAULT_HASH_QUEUE,
  ) {
    this.slots = new Slots(Math.max(1, concurrency), maxWaiting);
  }

  hash(password: string): Promise<string> {
    return this.slots.run(() => hash(password, { ...this.params, algorithm: ARGON2ID }));
  }

  async verify(phc: string, password: string): Promise<boolean> {
    return this.slots.run(async () => {
      try {
        return await verify(phc, password);
      } catch {
        return false; // a malformed hash is a failed login, never a 500
      }
    });
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
