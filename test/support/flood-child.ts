/**
 * The attacker, in its own process (test/support/flood.ts starts it), so the
 * services under attack do not pay for making the attack: only what reaches
 * them over 127.0.0.1 counts. Reads one JSON line (the plan) and then
 * commands on stdin: "go" starts, "stop" ends a loop. Prints one JSON line:
 * the answers, in order for a burst, tallied by status for a loop.
 */
import { createInterface } from 'node:readline';

interface Shot {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
}

interface Plan {
  mode: 'burst' | 'loop';
  shots: Shot[];
  /** loop: how many requests are in flight at once (each worker cycles through the shots). */
  concurrency?: number;
}

type Outcome = number | 'cortada' | 'sin respuesta';

/** No shot waits longer than this for its answer (a connection the server dropped can leave fetch waiting). */
const SHOT_TIMEOUT_MS = 60_000;

async function fire(shot: Shot, body: Buffer | undefined): Promise<Outcome> {
  try {
    const res = await fetch(shot.url, { method: shot.method, headers: shot.headers, body, signal: AbortSignal.timeout(SHOT_TIMEOUT_MS) });
    await res.arrayBuffer();
    return res.status;
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') return 'sin respuesta';
    return 'cortada'; // the server closed the connection before answering (or while the body was still going)
  }
}

async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  const next = lines[Symbol.asyncIterator]();
  const plan = JSON.parse((await next.next()).value as string) as Plan;
  const bodies = plan.shots.map((s) => (s.body === undefined ? undefined : Buffer.from(s.body)));
  process.stdout.write('ready\n');
  await next.next(); // go
  if (plan.mode === 'burst') {
    const answers = await Promise.all(plan.shots.map((s, i) => fire(s, bodies[i])));
    process.stdout.write(`${JSON.stringify({ answers })}\n`);
    return;
  }
  let stopping = false;
  const tally: Record<string, number> = {};
  const worker = async (offset: number) => {
    for (let i = offset; !stopping; i++) {
      const k = i % plan.shots.length;
      const outcome = String(await fire(plan.shots[k], bodies[k]));
      tally[outcome] = (tally[outcome] ?? 0) + 1;
    }
  };
  const workers = Array.from({ length: plan.concurrency ?? 1 }, (_, i) => worker(i));
  await next.next(); // stop
  stopping = true;
  await Promise.all(workers);
  process.stdout.write(`${JSON.stringify({ tally })}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(String(err));
    process.exit(1);
  },
);
