import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DependencyUnavailableError } from '../../core/domain/errors';
import { Argon2PasswordHasher, defaultHashConcurrency, hashesInFlight, sizeThreadPoolForHashing, Slots } from '../../adapters/security/argon2-password-hasher';

describe('Argon2PasswordHasher', () => {
  const hasher = new Argon2PasswordHasher();

  it('makes an Argon2id PHC string with m=19456, t=2, p=1 and a fresh salt each time', async () => {
    const [a, b] = await Promise.all([hasher.hash('Sonrisa2026'), hasher.hash('Sonrisa2026')]);
    assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.notEqual(a, b);
  });

  it('verifies the right password only, and treats a malformed hash as a mismatch', async () => {
    const phc = await hasher.hash('Sonrisa2026');
    assert.equal(await hasher.verify(phc, 'Sonrisa2026'), true);
    assert.equal(await hasher.verify(phc, 'sonrisa2026'), false);
    assert.equal(await hasher.verify('no-es-un-hash', 'Sonrisa2026'), false);
  });

  it('asks for a rehash only when the parameters differ from today’s', async () => {
    const cheap = await new Argon2PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 }).hash('Sonrisa2026');
    assert.equal(hasher.needsRehash(cheap), true);
    assert.equal(hasher.needsRehash(await hasher.hash('Sonrisa2026')), false);
    assert.equal(hasher.needsRehash('garbage'), true);
  });

  it('runs at most `concurrency` hashes at once, and every queued one still completes', async () => {
    const slots = new Slots(2);
    /** The jobs running now, each with the call that lets it end: the test ends them one at a time. */
    const running = new Map<number, () => void>();
    let peak = 0;
    let started = () => {};
    const job = (i: number) =>
      slots.run(async () => {
        await new Promise<void>((end) => {
          running.set(i, end);
          peak = Math.max(peak, running.size);
          started();
        });
        running.delete(i);
        return i;
      });
    const failing = slots.run(async () => {
      throw new Error('falla');
    });
    await assert.rejects(failing, /falla/);
    const jobs = [0, 1, 2, 3, 4, 5];
    const runs = jobs.map(job);
    for (const i of jobs) {
      assert.equal(running.size, Math.min(2, jobs.length - i), `${running.size} at once before job ${i} ends`);
      const queuedOneStarts = i + 2 < jobs.length ? new Promise<void>((r) => (started = r)) : undefined;
      running.get(i)?.(); // first in, first out: the oldest running job is i
      assert.equal(await runs[i], i);
      await queuedOneStarts; // its slot goes to the next queued job
    }
    assert.equal(peak, 2);
    const one = new Argon2PasswordHasher(undefined, 1);
    const hashes = await Promise.all(['Clave2026a', 'Clave2026b', 'Clave2026c'].map((p) => one.hash(p)));
    assert.equal(await one.verify(hashes[2], 'Clave2026c'), true);
  });
});

describe('defaultHashConcurrency: how many hashes are computed at once unless PASSWORD_HASH_CONCURRENCY says', () => {
  it('is one per core, and at least 1: each holds 19 MiB, and more would not hash faster', () => {
    assert.equal(defaultHashConcurrency(1), 1);
    assert.equal(defaultHashConcurrency(2), 2);
    assert.equal(defaultHashConcurrency(8), 8);
    assert.equal(defaultHashConcurrency(0), 1);
  });
});

describe('sizeThreadPoolForHashing: libuv’s pool gets one thread per hash computed at once', () => {
  it('sets UV_THREADPOOL_SIZE to the concurrency when the operator did not', () => {
    const env: NodeJS.ProcessEnv = {};
    assert.equal(sizeThreadPoolForHashing(2, env), 2);
    assert.equal(env.UV_THREADPOOL_SIZE, '2');
  });

  it('keeps the operator’s UV_THREADPOOL_SIZE, and answers the size libuv will use', () => {
    assert.equal(sizeThreadPoolForHashing(2, { UV_THREADPOOL_SIZE: '6' }), 6);
    assert.equal(sizeThreadPoolForHashing(2, { UV_THREADPOOL_SIZE: 'many' }), 4);
  });
});

describe('hashesInFlight: how many hashes are handed to libuv at once', () => {
  it('two per pool thread when the pool is all hashing threads, so a thread that finishes one starts the next without the event loop', () => {
    assert.equal(hashesInFlight(2, 2), 4);
    assert.equal(hashesInFlight(1, 1), 2);
    assert.equal(hashesInFlight(3, 2), 4);
  });

  it('only the concurrency when the pool has threads to spare: a hash handed over would start at once', () => {
    assert.equal(hashesInFlight(2, 4), 2);
    assert.equal(hashesInFlight(1, 4), 1);
  });
});

describe('Slots: the hashing queue is bounded', () => {
  it('runs `size` jobs and lets at most `maxWaiting` wait; the rest are refused at once with 503 and Retry-After, running nothing', async () => {
    const slots = new Slots(1, 2);
    let started = 0;
    const release: (() => void)[] = [];
    const job = () =>
      slots.run(
        () =>
          new Promise<void>((resolve) => {
            started++;
            release.push(resolve);
          }),
      );
    const outcomes = Array.from({ length: 10 }, job).map((p) => p.then(() => 'hecho', (err: unknown) => err));
    const refused = (await Promise.all(outcomes.slice(3))) as unknown[];
    assert.ok(refused.every((e) => e instanceof DependencyUnavailableError && e.retryAfterSeconds > 0), String(refused[0]));
    assert.equal(started, 1, 'refusals ran nothing; one job runs, two wait');
    while (release.length) release.shift()!(), await new Promise((r) => setImmediate(r));
    assert.deepEqual(await Promise.all(outcomes.slice(0, 3)), ['hecho', 'hecho', 'hecho']);
    assert.equal(started, 3);
    assert.equal(await slots.run(async () => 'otra vez'), 'otra vez', 'a drained queue admits again');
  });
});
