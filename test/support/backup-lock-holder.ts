import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

export interface LockHolder {
  pid: number;
  /** Lets go of the lock and waits for the process to end. */
  release(): Promise<void>;
  /** SIGKILL, as a crash leaves it: the kernel drops the lock with the process. */
  kill(): Promise<void>;
}

/**
 * Another process holding DATA_DIR's backup lock
 * (test/adapters/backup-lock-child.ts) as a running backup does, or as a
 * restore when `doing` is 'una restauración', until released or killed.
 * `under` runs it inside another command (e.g. `unshare --pid`, a PID
 * namespace of its own, as a container is). Resolves once it holds the lock.
 */
export async function aLockHolder(dataDir: string, opts: { doing?: string; under?: string[] } = {}): Promise<LockHolder> {
  const child = [process.execPath, '--require', 'ts-node/register', join(__dirname, '..', 'adapters', 'backup-lock-child.ts'), dataDir, 'hold', ...(opts.doing ? [opts.doing] : [])];
  const [command, ...args] = [...(opts.under ?? []), ...child];
  const proc = spawn(command, args, {
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const ended = once(proc, 'close');
  let out = '';
  for await (const chunk of proc.stdout!) {
    out += chunk;
    if (out.includes('\n')) break;
  }
  assert.equal(out.trim(), 'held');
  return {
    pid: proc.pid!,
    async release() {
      proc.stdin!.end();
      await ended;
    },
    async kill() {
      proc.kill('SIGKILL');
      await ended;
    },
  };
}
