/**
 * Attack traffic from a separate process (flood-child.ts), against
 * 127.0.0.1 only, bounded by the caller: a burst of given requests sent at
 * once, or a loop of them kept in flight until stopped.
 *
 *   const attack = await burst(shots);   // the child is started and ready
 *   const answers = await attack.go();   // fires them all; resolves with each answer
 *
 *   const flood = await loop(shots, 16);
 *   flood.go(); ... const tally = await flood.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface Shot {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
}

export type Outcome = number | 'cortada' | 'sin respuesta';

function start(plan: object): Promise<{ child: ChildProcess; result: Promise<any> }> {
  for (const s of (plan as { shots: Shot[] }).shots) {
    if (!/^http:\/\/127\.0\.0\.1:/.test(s.url)) throw new Error(`flood only aims at 127.0.0.1, not ${s.url}`);
  }
  const child = spawn(process.execPath, ['--require', 'ts-node/register', join(__dirname, 'flood-child.ts')], {
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  child.stdin!.write(`${JSON.stringify(plan)}\n`);
  return lines.next().then((ready) => {
    if (ready.value !== 'ready') throw new Error(`flood child did not start: ${ready.value}`);
    return { child, result: lines.next().then((r) => JSON.parse(r.value as string)) };
  });
}

/** All `shots` at once, from one process: resolves with each answer, in order. */
export async function burst(shots: Shot[]): Promise<{ go(): Promise<Outcome[]> }> {
  const { child, result } = await start({ mode: 'burst', shots });
  return {
    go: async () => {
      child.stdin!.write('go\n');
      return (await result).answers as Outcome[];
    },
  };
}

/** `concurrency` requests in flight, cycling through `shots`, from `go()` until `stop()`: resolves with the answers tallied. */
export async function loop(shots: Shot[], concurrency: number): Promise<{ go(): void; stop(): Promise<Record<string, number>> }> {
  const { child, result } = await start({ mode: 'loop', shots, concurrency });
  return {
    go: () => child.stdin!.write('go\n'),
    stop: async () => {
      child.stdin!.write('stop\n');
      return (await result).tally as Record<string, number>;
    },
  };
}

/** Answers counted by what they were. */
export function tallyOf(answers: Outcome[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of answers) out[String(a)] = (out[String(a)] ?? 0) + 1;
  return out;
}
