import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A service under measurement, running as its own OS process so that its
 * memory can be read from /proc and a crash (SIGKILL) is a real crash.
 */
export interface ServiceProcess {
  name: string;
  pid: number;
  port: number;
  url: string;
  /** Peak resident set size so far (VmHWM), in MB; the last value read once the process is gone. */
  peakRssMb(): number;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
  stop(): Promise<void>;
  /** SIGKILL right now: the crash the stress test is about. */
  crash(): Promise<void>;
  /** Resolves when the process exits, however it exits. */
  exited: Promise<number | null>;
  /** The last lines it wrote to stderr (for a failure message). */
  stderrTail(): string;
  /** CPU time (user + system) the process has used so far, in seconds. */
  cpuSeconds(): number;
  /** Lines written to stdout so far (at the default log level, one per request but /health and /ready). */
  stdoutLines(): number;
}

export interface SpawnOptions {
  name: string;
  /** Script path relative to `root`, e.g. apps/admin/main.js or apps/admin/main.ts. */
  script: string;
  root: string;
  env: NodeJS.ProcessEnv;
  port: number;
  /** 'node' runs a transpiled .js; 'ts-node' runs the .ts through ts-node (tests). */
  runner: 'node' | 'ts-node';
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** How long to wait for GET /health to answer 200. */
  readyTimeoutMs?: number;
}

/** The tests' own: bound on 0, read back and released. */
export { freePort } from '../../test/support/free-port';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

function readCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

function readHwmMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export async function spawnService(opts: SpawnOptions): Promise<ServiceProcess> {
  const args = [
    ...(opts.runner === 'ts-node' ? ['--require', 'ts-node/register/transpile-only'] : []),
    ...(opts.nodeArgs ?? []),
    join(opts.root, opts.script),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: opts.root,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', ...opts.env },
    // stdout carries the request log; it is drained (lines counted, not kept) so the pipe never blocks the service.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${opts.name}: could not spawn`);
  const pid = child.pid;
  let lines = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });

  let peak = 0;
  const sample = (): void => {
    const now = readHwmMb(pid);
    if (now !== undefined) peak = Math.max(peak, now);
  };
  // VmHWM is already the kernel's high-water mark; the sampler only keeps
  // the last value readable after the process has gone.
  const sampler = setInterval(sample, 250);
  sampler.unref();

  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      clearInterval(sampler);
      exitCode = code;
      resolve(code);
    });
  });

  const url = `http://127.0.0.1:${opts.port}`;
  const service: ServiceProcess = {
    name: opts.name,
    pid,
    port: opts.port,
    url,
    exited,
    peakRssMb: () => {
      sample();
      return Math.round(peak * 10) / 10;
    },
    stderrTail: () => stderr,
    cpuSeconds: () => readCpuSeconds(pid),
    stdoutLines: () => lines,
    stop: async () => {
      if (exitCode !== undefined) return;
      sample();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
    crash: async () => {
      if (exitCode !== undefined) return;
      sample();
      child.kill('SIGKILL');
      await exited;
    },
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(`${opts.name} exited (code ${exitCode}) before answering /health:\n${stderr}`);
    }
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await service.stop();
      throw new Error(`${opts.name} did not answer /health within ${opts.readyTimeoutMs ?? 30_000} ms:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return service;
}
