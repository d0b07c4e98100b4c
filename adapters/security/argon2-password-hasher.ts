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
 * At most `size` hashes handed to libuv at a time (hashesInFlight below).
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
 * Hashes computed at once by default (PASSWORD_HASH_CONCURRENCY): one per
 * core, each holding 19 MiB while it runs. More would not hash faster.
 */
export function defaultHashConcurrency(cores = availableParallelism()): number {
  return Math.max(1, cores);
}

/**
 * Sizes libuv's thread pool, which @node-rs/argon2 hashes on, to the hashes
 * computed at once, unless the operator set UV_THREADPOOL_SIZE. Answers the
 * pool's size. libuv reads the variable once, when the pool first gets
 * work, so admin's main calls this before anything can queue any.
 *
 * A pool with a thread per core hashes 10-15 % faster than the default four
 * threads on the same two hashes at once: with idle threads to spare, each
 * hash goes to whichever one wakes, and the scheduler moves that thread
 * between cores (82-90 CPU migrations in a 2 s run of raw hashing against
 * 8-13), away from its warm caches. The pool is then all hashing threads:
 * what else admin gives it (the log's asynchronous writes, a PostgreSQL
 * host name looked up for a new connection) waits behind the hashes already
 * handed over, two per thread, ~16 ms at most here.
 */
export function sizeThreadPoolForHashing(concurrency: number, env: NodeJS.ProcessEnv = process.env): number {
  env.UV_THREADPOOL_SIZE ??= String(concurrency);
  return libuvPoolSize(env);
}

/** The size libuv gives its pool from UV_THREADPOOL_SIZE (4 when unset or not a number). */
export function libuvPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const n = Math.trunc(Number(env.UV_THREADPOOL_SIZE));
  return n > 0 ? Math.min(n, 1024) : 4;
}

/**
 * Hashes handed to libuv's pool at once. When the pool has no thread beyond
 * the hashing ones (sizeThreadPoolForHashing), each thread gets its next
 * hash queued behind the one it computes, so it starts the moment the first
 * ends instead of when the event loop, busy with requests or blocked in a
 * commit's fsync, gets round to handing it over. A queued hash holds no
 * memory until it starts. With threads to spare, a hash handed over would
 * start at once, so no more than `concurrency` go.
 */
export function hashesInFlight(concurrency: number, poolThreads: number): number {
  return poolThreads <= concurrency ? 2 * poolThreads : concurrency;
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
    poolThreads = libuvPoolSize(),
  ) {
    this.slots = new Slots(hashesInFlight(Math.max(1, concurrency), poolThreads), maxWaiting);
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
