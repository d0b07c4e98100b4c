import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beginSwap, describeNewFile, finishInterruptedRestore, type RestoreJournal } from '../../adapters/sqlite/restore-journal';

/**
 * The swap's states that a kill at a step cannot reach (the e2e suite,
 * restore-interrupted.e2e.test.ts, kills a real restore before each step):
 * a file nobody's restore put where one of its files goes. Real files in a
 * temporary DATA_DIR.
 */

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A DATA_DIR holding a.db and k.json ("old"), their new copies beside them, and the journal: killed right before the first rename. */
function aSwapBegun(): { dataDir: string; folder: string; journal: RestoreJournal } {
  const dataDir = mkdtempSync(join(tmpdir(), 'odontocare-journal-'));
  dirs.push(dataDir);
  const restored = [];
  for (const name of ['a.db', 'k.json']) {
    writeFileSync(join(dataDir, name), `old ${name}`);
    writeFileSync(join(dataDir, `${name}.restoring`), `new ${name}`);
    restored.push(describeNewFile(name, Buffer.from(`new ${name}`)));
  }
  const journal: RestoreJournal = { from: '/copias/antes', setAside: 'replaced-2026-12-02T040000Z', aside: ['a.db', 'k.json'], restored };
  beginSwap(dataDir, journal);
  return { dataDir, folder: join(dataDir, journal.setAside), journal };
}
const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : null);

describe('an interrupted restore ended from its journal (restore-journal.ts)', () => {
  it('killed after a.db was set aside: rolled forward, a.db and k.json new, both old ones in replaced-*, the journal gone', () => {
    const { dataDir, folder } = aSwapBegun();
    mkdirSync(folder);
    renameSync(join(dataDir, 'a.db'), join(folder, 'a.db'));

    assert.match(finishInterruptedRestore(dataDir) ?? '', /terminada/);

    assert.deepEqual([read(join(dataDir, 'a.db')), read(join(dataDir, 'k.json'))], ['new a.db', 'new k.json']);
    assert.deepEqual([read(join(folder, 'a.db')), read(join(folder, 'k.json'))], ['old a.db', 'old k.json']);
    assert.deepEqual(readdirSync(dataDir).sort(), ['a.db', 'k.json', 'replaced-2026-12-02T040000Z']);
  });

  it('a file nobody’s restore made where a.db was set aside from (something opened it meanwhile): neither overwritten nor lost; it cannot be finished or undone, so it refuses and leaves the journal', () => {
    const { dataDir, folder } = aSwapBegun();
    mkdirSync(folder);
    renameSync(join(dataDir, 'a.db'), join(folder, 'a.db'));
    writeFileSync(join(dataDir, 'a.db'), 'someone’s');

    assert.throws(() => finishInterruptedRestore(dataDir), /a\.db ya existe/);

    assert.equal(read(join(dataDir, 'a.db')), 'someone’s');
    assert.equal(read(join(folder, 'a.db')), 'old a.db');
    assert.equal(read(join(dataDir, 'a.db.restoring')), 'new a.db');
    assert.equal(existsSync(join(dataDir, 'restore-journal.json')), true);
  });

  it('a new copy removed by hand before anything moved: rolled back, the old files where they were, nothing left of the restore', () => {
    const { dataDir } = aSwapBegun();
    rmSync(join(dataDir, 'k.json.restoring'));

    assert.match(finishInterruptedRestore(dataDir) ?? '', /deshecha \(k\.json: la copia nueva no está\)/);

    assert.deepEqual([read(join(dataDir, 'a.db')), read(join(dataDir, 'k.json'))], ['old a.db', 'old k.json']);
    assert.deepEqual(readdirSync(dataDir).sort(), ['a.db', 'k.json']);
  });
});
