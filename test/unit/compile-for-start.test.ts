import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { compileForStart } = require(join(__dirname, '..', '..', 'scripts', 'compile-for-start.js')) as {
  compileForStart(root: string): { dir: string; compiled: number };
};

/**
 * `npm start` runs what compile-for-start wrote, so what it promises is what
 * a developer relies on after an edit: a changed file runs as changed, a
 * deleted one is gone, and nothing unchanged is compiled again.
 */
describe('npm start compiles only what changed, and never runs a stale copy', () => {
  const root = mkdtempSync(join(tmpdir(), 'compile-for-start-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const run = (rel: string): unknown => {
    // A fresh process's view: nothing of the copy remembered from an earlier run.
    for (const loaded of Object.keys(require.cache)) if (loaded.startsWith(root)) delete require.cache[loaded];
    return { ...(require(join(root, 'node_modules', '.cache', 'odontocare', 'start', rel)) as object) };
  };

  it('a first start compiles every source into CommonJS that node runs', () => {
    write('core/greeting.ts', "export const greeting = (name: string): string => `Hola, ${name}`;\n");
    write('apps/app/main.ts', "import { greeting } from '../../core/greeting';\nexport const said: string = greeting('Ana');\n");
    write('core/gone.ts', 'export const gone = 1;\n');
    write('core/greeting.test.ts', "throw new Error('tests are not compiled');\n");
    assert.equal(compileForStart(root).compiled, 3);
    assert.deepEqual(run('apps/app/main.js'), { said: 'Hola, Ana' });
    assert.equal(existsSync(join(root, 'node_modules', '.cache', 'odontocare', 'start', 'core', 'greeting.test.js')), false);
  });

  it('a start with nothing changed compiles nothing', () => {
    assert.equal(compileForStart(root).compiled, 0);
  });

  it('an edited file is compiled again and runs as edited; a deleted one is removed', () => {
    write('core/greeting.ts', "export const greeting = (name: string): string => `Buenos días, ${name}`;\n");
    rmSync(join(root, 'core', 'gone.ts'));
    assert.equal(compileForStart(root).compiled, 1);
    assert.deepEqual(run('apps/app/main.js'), { said: 'Buenos días, Ana' });
    assert.equal(existsSync(join(root, 'node_modules', '.cache', 'odontocare', 'start', 'core', 'gone.js')), false);
  });
});
