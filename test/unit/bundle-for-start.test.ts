import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { bundleForStart } = require(join(__dirname, '..', '..', 'scripts', 'bundle-for-start.js')) as {
  bundleForStart(root: string): { dir: string; built: boolean };
};

/**
 * `npm start` runs one bundled file per service (scripts/bundle-for-start.js):
 * what a developer relies on after an edit or an install is that the start
 * runs what the sources say now, and that a start with nothing changed
 * builds nothing.
 */
describe('npm start bundles each service, again only when something changed, never running a stale bundle', () => {
  const root = mkdtempSync(join(tmpdir(), 'bundle-for-start-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const bundles = join(root, 'node_modules', '.cache', 'odontocare', 'start-bundle');
  const run = (service: string): string => execFileSync(process.execPath, [join(bundles, `${service}.js`)], { encoding: 'utf8' });

  for (const service of ['admin', 'citas', 'web']) {
    write(`apps/${service}/main.ts`, `import { greeting } from '../../core/greeting';\nconsole.log(greeting('${service}'));\n`);
  }
  write('node_modules/.package-lock.json', '{"packages":{}}\n');

  it('a first start builds each service into one file that node runs, its imports inside', () => {
    write('core/greeting.ts', "export const greeting = (name: string): string => `Hola, ${name}`;\n");
    assert.deepEqual(bundleForStart(root), { dir: bundles, built: true });
    rmSync(join(root, 'core'), { recursive: true }); // what runs is the bundle, not the sources
    assert.equal(run('citas').trim(), 'Hola, citas');
  });

  it('a start with nothing changed builds nothing', () => {
    write('core/greeting.ts', "export const greeting = (name: string): string => `Hola, ${name}`;\n");
    bundleForStart(root);
    assert.equal(bundleForStart(root).built, false);
  });

  it('an edited source is bundled again and runs as edited', () => {
    write('core/greeting.ts', "export const greeting = (name: string): string => `Buenos días, ${name}`;\n");
    assert.equal(bundleForStart(root).built, true);
    assert.equal(run('admin').trim(), 'Buenos días, admin');
  });

  it('an install (npm rewrites node_modules/.package-lock.json) bundles again', () => {
    write('node_modules/.package-lock.json', '{"packages":{"node_modules/x":{"version":"2.0.0"}}}\n');
    assert.equal(bundleForStart(root).built, true);
    assert.equal(bundleForStart(root).built, false);
  });

  it('a bundle removed by hand is built again', () => {
    rmSync(join(bundles, 'web.js'));
    assert.equal(bundleForStart(root).built, true);
    assert.equal(run('web').trim(), 'Buenos días, web');
  });
});
