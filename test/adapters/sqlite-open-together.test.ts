import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A process that opens `file` when told to go; resolves with what it printed last. */
function opener(file: string) {
  const child = spawn(process.execPath, ['--require', 'ts-node/register', join(__dirname, 'open-database-child.ts'), file], {
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    timeout: 120_000,
  });
  let out = '';
  let announce: () => void;
  const ready = new Promise<void>((resolve) => (announce = resolve));
  child.stdout.on('data', (chunk) => {
    out += chunk;
    if (out.startsWith('ready\n')) announce();
  });
  const done = new Promise<string>((resolve) => child.on('close', () => resolve(out.trim().split('\n').pop() ?? '')));
  return { ready: Promise.race([ready, done.then(() => undefined)]), go: () => child.stdin.end('go\n'), done };
}

describe('several processes starting on one new SQLite file', () => {
  it('all open it (WAL switch and migrations wait their turn instead of failing with SQLITE_BUSY)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'open-together-'));
    try {
      for (let round = 0; round < 15; round++) {
        const file = join(dir, `citas-${round}.db`);
        const processes = Array.from({ length: 3 }, () => opener(file));
        await Promise.all(processes.map((p) => p.ready));
        for (const p of processes) p.go();
        assert.deepEqual(await Promise.all(processes.map((p) => p.done)), Array(3).fill('opened'), `round ${round}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
