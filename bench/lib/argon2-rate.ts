import { availableParallelism } from 'node:os';
import { hash } from '@node-rs/argon2';

/** OWASP's Argon2id minimum, the parameters the admin service hashes with. */
export const OWASP_ARGON2ID = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * Raw Argon2id throughput of this machine with every core busy: one async
 * hashing loop per core (@node-rs/argon2 hashes on libuv's thread pool, so
 * the loops run in parallel), for a fixed time. Login and user creation
 * cannot go faster than this; the services are judged as a share of it.
 * The pool is sized first, as admin sizes its own (bench/run.ts).
 */
export async function argon2HashesPerSecond(seconds = 4, loops = availableParallelism()): Promise<number> {
  return (await argon2Rate(seconds, loops)).perSecond;
}

/** The same, with the CPU each hash took (every thread of this process, which does nothing else meanwhile). */
export async function argon2Rate(seconds = 4, loops = availableParallelism()): Promise<{ perSecond: number; cpuMsPerHash: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let done = 0;
  const loop = async (i: number): Promise<void> => {
    while (performance.now() < deadline) {
      await hash(`contraseña-de-prueba-${i}-${done}`, OWASP_ARGON2ID);
      done++;
    }
  };
  await Promise.all(Array.from({ length: loops }, (_, i) => loop(i)));
  const used = process.cpuUsage(cpu);
  return { perSecond: done / ((performance.now() - started) / 1000), cpuMsPerHash: (used.user + used.system) / 1000 / done };
}
