/**
 * What the SQLite gate (adapters/storage/serial-transactions.ts) costs per
 * transaction when n units of work wait at it at once, as 32 bookings do
 * under the bench's booking scenario. Steps and work are empty: what is
 * left is the gate's own queueing and wake-ups. CPU µs per transaction,
 * the median of 5 runs of 400 rounds, for n = 8, 32 and 64.
 *
 *   npx ts-node --transpile-only bench/gate-wakeups.ts
 *
 * To compare two versions, run it in both checkouts in turn (BENCHMARKS.md).
 */
import { SerialTransactions } from '../adapters/storage/serial-transactions';

const steps = { begin() {}, commit() {}, rollback() {} };

async function microsPerTransaction(waiting: number, rounds: number): Promise<number> {
  const gate = new SerialTransactions();
  const start = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    await Promise.all(Array.from({ length: waiting }, () => gate.transaction(steps, async () => gate.call(() => undefined))));
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / (waiting * rounds);
}

async function main(): Promise<void> {
  for (const waiting of [8, 32, 64]) {
    await microsPerTransaction(waiting, 200); // warm-up
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) runs.push(await microsPerTransaction(waiting, 400));
    runs.sort((a, b) => a - b);
    console.log(`${waiting} waiting: ${runs[2].toFixed(1)} µs per transaction`);
  }
}

void main();
