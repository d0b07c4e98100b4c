import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const KEY_RING = resolve(__dirname, '..', '..', 'adapters', 'security', 'key-ring.ts');

/** A process that opens the ring in `file` when told to go, and prints the kid it would sign with. */
function opener(file: string) {
  const code = `
    process.stdout.write('ready\\n');
    process.stdin.once('data', () => {
      const { KeyRing } = require(${JSON.stringify(KEY_RING)});
      const ring = KeyRing.openOrCreate(${JSON.stringify(file)}, { now: () => new Date() });
      process.stdout.write(ring.current.kid + '\\n');
      process.exit(0);
    });`;
  const child = spawn(process.execPath, ['--require', 'ts-node/register', '-e', code], { env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, timeout: 60_000 });
  let out = '';
  const ready = new Promise<void>((done) => child.stdout.on('data', (chunk) => (out += chunk) && out.startsWith('ready\n') && done()));
  const kid = new Promise<string>((done, fail) => child.on('close', (status) => (status === 0 ? done(out.trim().split('\n').pop()!) : fail(new Error(`exit ${status}`)))));
  return { ready, go: () => child.stdin.end('go\n'), kid };
}

describe('KeyRing on a DATA_DIR shared by several admin processes', () => {
  it('makes one key when they start together: each signs with the key in the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'odontocare-keys-'));
    try {
      const file = join(dir, 'jwt-keys.json');
      const processes = Array.from({ length: 4 }, () => opener(file));
      await Promise.all(processes.map((p) => p.ready));
      processes.forEach((p) => p.go());
      const kids = await Promise.all(processes.map((p) => p.kid));
      const stored = (JSON.parse(readFileSync(file, 'utf8')) as { kid: string }[]).map((k) => k.kid);
      assert.equal(stored.length, 1);
      assert.deepEqual(kids, kids.map(() => stored[0]));
      assert.deepEqual(readdirSync(dir), ['jwt-keys.json'], 'no temporary file left behind');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
