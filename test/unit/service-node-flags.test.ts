import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Each service's node flags live in scripts/service-node-flags.json; the Dockerfile repeats them (it cannot read JSON). */
describe('service node flags', () => {
  const SERVICES = ['admin', 'citas', 'web'];
  const byService = JSON.parse(readFileSync(join(ROOT, 'scripts', 'service-node-flags.json'), 'utf8')) as Record<string, string[]>;

  it('are V8 heap flags node accepts, for every service', () => {
    for (const service of SERVICES) {
      assert.ok(byService[service]?.length > 0, service);
      for (const flag of byService[service]) assert.match(flag, /^--[a-z-]+=\d+$/);
    }
  });

  it('are the ones each image starts its service with', () => {
    const cmds = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('CMD '));
    assert.equal(cmds.length, 3); // admin, citas, web
    for (const cmd of cmds) {
      const argv = JSON.parse(cmd.slice(4)) as string[];
      const service = /dist\/apps\/([a-z]+)\/main\.js$/.exec(argv[argv.length - 1])?.[1] ?? '';
      assert.ok(SERVICES.includes(service), cmd);
      assert.deepEqual(argv.slice(1, -1), byService[service], cmd);
    }
  });
});
