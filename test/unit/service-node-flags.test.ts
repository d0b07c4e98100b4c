import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The services' node flags live in scripts/service-node-flags.json; the Dockerfile repeats them (it cannot read JSON). */
describe('service node flags', () => {
  const { flags } = JSON.parse(readFileSync(join(ROOT, 'scripts', 'service-node-flags.json'), 'utf8')) as { flags: string[] };

  it('are V8 heap flags node accepts', () => {
    assert.ok(flags.length > 0);
    for (const flag of flags) assert.match(flag, /^--[a-z-]+=\d+$/);
  });

  it('are the ones each image starts its service with', () => {
    const cmds = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('CMD '));
    assert.equal(cmds.length, 3); // admin, citas, web
    for (const cmd of cmds) {
      const argv = JSON.parse(cmd.slice(4)) as string[];
      assert.deepEqual(argv.slice(1, 1 + flags.length), flags, cmd);
    }
  });
});
