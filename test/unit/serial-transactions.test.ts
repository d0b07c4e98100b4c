import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SerialTransactions } from '../../adapters/storage/serial-transactions';

/**
 * The gate every SQLite unit of work and storage call goes through
 * (adapters/storage/serial-transactions.ts). Under load dozens of bookings
 * wait at it at once: each must get its turn in the order it asked, and
 * the reads queued among them must not wait longer than their place.
 */
describe('SerialTransactions: who goes next when a transaction ends', () => {
  const held = () => {
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    return { promise, release };
  };

  /** Steps that note when each transaction begins and commits. */
  const noting = (events: string[], name: string, onCommit?: () => void) => ({
    begin: () => events.push(`${name} begins`),
    commit: () => {
      events.push(`${name} commits`);
      onCommit?.();
    },
    rollback: () => events.push(`${name} rolls back`),
  });

  it('opens the waiting transactions in the order they asked, and runs each queued read between the ones it was queued between', async () => {
    const gate = new SerialTransactions();
    const events: string[] = [];
    const first = held();
    const a = gate.transaction(noting(events, 'A'), () => first.promise);
    const queued = [
      gate.transaction(noting(events, 'B'), async () => {
        await gate.call(() => events.push('B reads its own'));
      }),
      gate.call(() => events.push('read 1')),
      gate.transaction(noting(events, 'C'), async () => undefined),
      gate.call(() => events.push('read 2')),
      gate.transaction(noting(events, 'D'), async () => undefined),
    ];
    await Promise.resolve();
    assert.deepEqual(events, ['A begins'], 'nothing else runs while A is open');
    first.release();
    await Promise.all([a, ...queued]);
    assert.deepEqual(events, [
      'A begins', 'A commits',
      'B begins', 'B reads its own', 'B commits',
      'read 1',
      'C begins', 'C commits',
      'read 2',
      'D begins', 'D commits',
    ]);
  });

  it('keeps a woken transaction first in line when a newcomer opens the gate before it', async () => {
    const gate = new SerialTransactions();
    const events: string[] = [];
    const first = held();
    let newcomer: Promise<void> | undefined;
    // Right after A commits, before B (woken by A's end) gets to run, a request that was already on its way opens N.
    const a = gate.transaction(noting(events, 'A', () => queueMicrotask(() => {
      newcomer = gate.transaction(noting(events, 'N'), async () => {
        await Promise.resolve();
      });
    })), () => first.promise);
    const b = gate.transaction(noting(events, 'B'), async () => undefined);
    const c = gate.transaction(noting(events, 'C'), async () => undefined);
    first.release();
    await a;
    await Promise.all([b, c]);
    await newcomer;
    assert.deepEqual(events, ['A begins', 'A commits', 'N begins', 'N commits', 'B begins', 'B commits', 'C begins', 'C commits']);
  });

  it('lets every one of 64 concurrent units of work and the reads among them finish, each write kept once', async () => {
    const gate = new SerialTransactions();
    const rows: number[] = [];
    const steps = { begin() {}, commit() {}, rollback() {} };
    const reads: number[] = [];
    await Promise.all(
      Array.from({ length: 64 }, (_, i) => [
        gate.transaction(steps, async () => {
          await gate.call(() => rows.push(i));
          await gate.call(() => undefined);
        }),
        gate.call(() => reads.push(rows.length)),
      ]).flat(),
    );
    assert.deepEqual([...rows].sort((x, y) => x - y), Array.from({ length: 64 }, (_, i) => i));
    assert.equal(reads.length, 64);
  });
});
