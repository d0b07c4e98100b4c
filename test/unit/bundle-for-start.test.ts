import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Bundles {
  dir: string;
  key: string;
  current: boolean;
}
const { bundlesFor, buildBundles } = require(join(__dirname, '..', '..', 'scripts', 'bundle-for-start.js')) as {
  bundlesFor(root: string): Bundles;
  buildBundles(root: string, bundles: Bundles): Promise<void>;
};

/**
 * `npm start` runs one bundled file per service (scripts/bundle-for-start.js)
 * while the bundles are current, and the file-by-file copy otherwise: what a
 * developer relies on after an edit or an install is that the bundles then
 * count as stale, and that bundled they run what the sources say now.
 */
describe('npm start bundles each service, and never runs a stale bundle', () => {
  const root = mkdtempSync(join(tmpdir(), 'bundle-for-start-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const bundles = join(root, 'node_modules', '.cache', 'odontocare', 'start-bundle');
  const run = (service: string): string => execFileSync(process.execPath, [join(bundles, `${service}.js`)], { encoding: 'utf8' });
  /** Bundles again if stale, as a start does once its services answer; true when it had to. */
  const bring = async (): Promise<boolean> => {
    const found = bundlesFor(root);
    if (!found.current) await buildBundles(root, found);
    return !found.current;
  };

  for (const service of ['admin', 'citas', 'web']) {
    write(`apps/${service}/main.ts`, `import { greeting } from '../../core/greeting';\nconsole.log(greeting('${service}'));\n`);
  }
  write('node_modules/.package-lock.json', '{"packages":{}}\n');

  it('before any start there are no current bundles; bundled, each service is one file that node runs, its imports inside', async () => {
    write('core/greeting.ts', "export const greeting = (name: string): string => `Hola, ${name}`;\n");
    assert.equal(bundlesFor(root).dir, bundles);
    assert.equal(await bring(), true);
    rmSync(join(root, 'core'), { recursive: true }); // what runs is the bundle, not the sources
    assert.equal(run('citas').trim(), 'Hola, citas');
  });

  it('with nothing changed since, they are current', async () => {
    write('core/greeting.ts', "export const greeting = (name: string): string => `Hola, ${name}`;\n");
    await bring();
    assert.equal(bundlesFor(root).current, true);
  });

  it('an edited source makes them stale; bundled again, they run as edited', async () => {
    write('core/greeting.ts', "export const greeting = (name: string): string => `Buenos días, ${name}`;\n");
    assert.equal(bundlesFor(root).current, false);
    await bring();
    assert.equal(run('admin').trim(), 'Buenos días, admin');
  });

  it('an install (npm rewrites node_modules/.package-lock.json) makes them stale', async () => {
    write('node_modules/.package-lock.json', '{"packages":{"node_modules/x":{"version":"2.0.0"}}}\n');
    assert.equal(await bring(), true);
    assert.equal(bundlesFor(root).current, true);
  });

  it('a bundle removed by hand makes them stale', async () => {
    rmSync(join(bundles, 'web.js'));
    assert.equal(await bring(), true);
    assert.equal(run('web').trim(), 'Buenos días, web');
  });
});
