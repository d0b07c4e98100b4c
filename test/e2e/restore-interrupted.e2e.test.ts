import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, readdirSync, readFileSync, rmSync, truncateSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fifoFile } from '../support/fifo-file';
import { bothStartedAndStopped } from '../support/compiled-service';
import { aClinicWithABackup, backupSuite, CLINIC_BACKUP, CLINIC_NOW, clockStoppedAt, factsOf, type Ran, restoreKilledBefore, run, startRun } from '../support/npm-backup';

/**
 * `npm run restore` killed (SIGKILL, a power cut) in the middle of swapping
 * files, at each of its steps, and what the IT person does next: run the
 * restore again, or start the services (both at once, as `npm start` does).
 * Either must find the interrupted restore and finish it or undo it, say so
 * in one line, and never start a service on one database from the backup
 * beside the other from before. Real processes on a real DATA_DIR; the
 * restore is stopped before a given step by its test hook
 * (ODONTOCARE_TEST_RESTORE_STOP_BEFORE, adapters/sqlite/restore-journal.ts),
 * which says so on stderr and waits there to be killed.
 */

/** What the next run finds after a crash before a step: nothing of the restore, only copies beside their place, or a journal. */
type Left = 'nothing' | 'copies' | 'journal';
/** The restore's steps, in order (adapters/sqlite/restore-journal.ts), and what a crash before each leaves. */
const STEPS: { step: string; left: Left }[] = [
  { step: 'copy:citas.db', left: 'nothing' },
  { step: 'copy:admin.db', left: 'copies' },
  { step: 'copy:jwt-keys.json', left: 'copies' },
  { step: 'journal', left: 'copies' },
  { step: 'aside:citas.db', left: 'journal' },
  { step: 'aside:admin.db', left: 'journal' },
  { step: 'aside:jwt-keys.json', left: 'journal' },
  { step: 'place:citas.db', left: 'journal' },
  { step: 'place:admin.db', left: 'journal' },
  { step: 'place:jwt-keys.json', left: 'journal' },
  { step: 'done', left: 'journal' },
];
/** The line the next run says about the interrupted restore: none, "cleared", or "finished". */
const SAYS: Record<Left, RegExp | undefined> = { nothing: undefined, copies: /no había cambiado nada/, journal: /terminada/ };

/** What a restore leaves in DATA_DIR only while it runs. */
const leftovers = (dataDir: string) => readdirSync(dataDir).filter((f) => f.endsWith('.restoring') || f.startsWith('restore-journal'));
const setAsideFolders = (dataDir: string) => readdirSync(dataDir).filter((f) => f.startsWith('replaced-'));
/** Every file under `dir`, by its path there, with its content's hash: what a check must leave as it found it. */
function snapshot(dir: string, under = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(join(dir, under)).sort()) {
    const path = join(under, name);
    const kind = lstatSync(join(dir, path));
    if (kind.isDirectory()) Object.assign(files, { [`${path}/`]: 'folder' }, snapshot(dir, path));
    // Only regular files are read: a FIFO (a test's, in a backup folder) would wait for a writer.
    else files[path] = kind.isFile() ? createHash('sha256').update(readFileSync(join(dir, path))).digest('hex') : 'not a regular file';
  }
  return files;
}
const FIRST_RUN = '2026-12-02T04:00:00.000Z';
const FIRST_STAMP = 'replaced-2026-12-02T040000Z';

// A hang guard, not a speed target (a machine at load 10+).
describe('npm run restore killed half-way, then restored again or the services started', { timeout: 600_000 }, () => {
  const { tempDir } = backupSuite();
  /** A stopped clinic's DATA_DIR, with its backup in backups/antes taken between the first and the second cita (aClinicWithABackup). */
  let clinic: string;
  const [BACKUP, NOW] = [CLINIC_BACKUP, CLINIC_NOW];

  before(async () => {
    clinic = tempDir('clinic');
    await aClinicWithABackup(clinic);
    assert.deepEqual(factsOf(clinic), NOW);
    assert.deepEqual(factsOf(join(clinic, 'backups', 'antes')), BACKUP);
  });

  /** A copy of the clinic, with the restore of its backup killed before `step`: what the machine holds after the crash. */
  async function killedBefore(step: string): Promise<{ dataDir: string; backup: string }> {
    const dataDir = join(tempDir('killed'), 'data');
    cpSync(clinic, dataDir, { recursive: true });
    const backup = join(dataDir, 'backups', 'antes');
    const { stopped, ended } = await restoreKilledBefore(step, [backup], { DATA_DIR: dataDir, ...clockStoppedAt(FIRST_RUN) });
    assert.ok(stopped, `the restore never reached step ${step} (exit ${ended.code}): ${ended.stdout}${ended.stderr}`);
    const { left } = STEPS.find((s) => s.step === step)!;
    assert.equal(existsSync(join(dataDir, 'restore-journal.json')), left === 'journal', `after the crash: ${readdirSync(dataDir).join(', ')}`);
    assert.equal(leftovers(dataDir).length > 0, left !== 'nothing', `after the crash: ${readdirSync(dataDir).join(', ')}`);
    return { dataDir, backup };
  }

  /** Every fact of the clinic from before the restore is kept: in DATA_DIR, or in the folder a restore set it aside in. */
  function nothingAcknowledgedLost(dataDir: string, where: string): void {
    assert.deepEqual(factsOf(where), NOW, `${where}: the data from before the restore`);
    assert.deepEqual(leftovers(dataDir), [], 'files of the interrupted restore left behind');
  }

  /** The lines of `output` about an interrupted restore: the one expected after a crash that left `left`, or none. */
  function saidOnce(output: string, left: Left, who: RegExp): void {
    const said = output.split('\n').filter((line) => /interrumpida/.test(line));
    const says = SAYS[left];
    if (!says) return assert.deepEqual(said, [], output);
    assert.equal(said.length, 1, output);
    assert.match(said[0], who);
    assert.match(said[0], says);
  }

  for (const { step, left } of STEPS) {
    const finished = left === 'journal';
    it(`killed before ${step}, then npm run restore again: it ${finished ? 'finishes the interrupted one in one line' : left === 'copies' ? 'clears the interrupted one in one line' : 'finds nothing of it to end'}, then restores; the data from before is in replaced-*`, async () => {
      const { dataDir, backup } = await killedBefore(step);

      const again = await run('restore', [backup], { DATA_DIR: dataDir, ...clockStoppedAt('2026-12-02T05:00:00.000Z') });

      assert.equal(again.code, 0, `${again.stdout}${again.stderr}`);
      saidOnce(again.stdout, left, /^restore: /);
      assert.deepEqual(factsOf(dataDir), BACKUP);
      // Finished: the first run set the data aside; otherwise the second did.
      nothingAcknowledgedLost(dataDir, join(dataDir, finished ? FIRST_STAMP : 'replaced-2026-12-02T050000Z'));
    });

    it(`killed before ${step}, then both services started at once: ${finished ? 'one line says the restore was finished, and both start on the backup' : left === 'copies' ? 'one line says the restore was cleared, and both start on what was there before' : 'both start on what was there before'}`, async () => {
      const { dataDir } = await killedBefore(step);

      const { listening, stderr } = await bothStartedAndStopped(dataDir);

      assert.deepEqual(listening, [true, true], stderr);
      saidOnce(stderr, left, /^(admin|citas): /);
      assert.deepEqual(factsOf(dataDir), finished ? BACKUP : NOW, 'the services started on a half-restored DATA_DIR');
      nothingAcknowledgedLost(dataDir, finished ? join(dataDir, FIRST_STAMP) : dataDir);
    });
  }

  it('killed before placing admin.db, then npm run backup (the services still stopped): refused in one line per service, no copy of the half-restored DATA_DIR made', async () => {
    const { dataDir } = await killedBefore('place:admin.db');

    const copied = await run('backup', ['--name', 'medio'], { DATA_DIR: dataDir });

    assert.notEqual(copied.code, 0, copied.stdout);
    const lines = copied.stderr.trim().split('\n');
    assert.deepEqual(lines.map((line) => line.split(':')[0]), ['citas', 'admin'], copied.stderr);
    for (const line of lines) assert.match(line, /restauración interrumpida/);
    assert.deepEqual(existsSync(join(dataDir, 'backups', 'medio')) ? readdirSync(join(dataDir, 'backups', 'medio')) : [], [], 'a copy was made');
  });

  /**
   * `npm run restore -- --check` after the crash, checking a backup (the same one, or any other): besides that
   * backup, it says what the interrupted restore left in DATA_DIR, what the next restore or start will do with it,
   * and exits 1, changing nothing (a check is read-only: DATA_DIR, the lock's record, the backup).
   */
  async function checkAfter(dataDir: string, backup: string): Promise<{ checked: Ran; line: string }> {
    const before = snapshot(dataDir);

    const checked = await run('restore', ['--check', backup], { DATA_DIR: dataDir });

    assert.deepEqual(snapshot(dataDir), before, `the check changed DATA_DIR: ${checked.stdout}${checked.stderr}`);
    assert.equal(checked.code, 1, `exit code: ${checked.stdout}${checked.stderr}`);
    // The backup itself is still checked, and said to be fine.
    assert.match(checked.stdout, /^citas: la copia de .* está bien$/m, checked.stdout);
    assert.match(checked.stdout, /^admin: la copia de .* está bien$/m, checked.stdout);
    const said = checked.stderr.trim().split('\n');
    assert.equal(said.length, 1, checked.stderr);
    assert.match(said[0], /^restore: DATA_DIR \(.*\) .*restauración.*interrumpida/, said[0]);
    return { checked, line: said[0] };
  }

  it('killed while copying (before admin.db’s copy), then npm run restore -- --check: one line saying a restore was interrupted before changing anything, DATA_DIR not restored, and what to do; exit 1, nothing changed', async () => {
    const { dataDir, backup } = await killedBefore('copy:admin.db');

    const { line } = await checkAfter(dataDir, backup);

    assert.match(line, /citas\.db\.restoring/);
    assert.match(line, /sin restaurar/);
    assert.match(line, /vuelva a lanzar .*restauración/);
    assert.match(line, /arranque los servicios/);
    assert.deepEqual(factsOf(dataDir), NOW);
  });

  it('killed before placing admin.db, then npm run restore -- --check: one line saying which files are from the backup and which are not, that the next start or restore will finish it, exit 1, nothing changed; the start then finishes it as said', async () => {
    const { dataDir, backup } = await killedBefore('place:admin.db');

    const { line } = await checkAfter(dataDir, backup);

    assert.match(line, new RegExp(`de ${backup.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} interrumpida a medias`));
    assert.match(line, /citas\.db es ya el de esa copia/);
    assert.match(line, new RegExp(`admin\\.db está apartado en ${FIRST_STAMP} y no hay nada en su sitio`));
    assert.match(line, /terminará/);
    assert.match(line, /arranque los servicios/);

    const { listening, stderr } = await bothStartedAndStopped(dataDir);
    assert.deepEqual(listening, [true, true], stderr);
    saidOnce(stderr, 'journal', /^(admin|citas): /);
    assert.deepEqual(factsOf(dataDir), BACKUP);
  });

  it('killed before placing admin.db, and the power cut lost the end of admin.db.restoring: npm run restore -- --check says the next start or restore will undo it, and why; exit 1, nothing changed', async () => {
    const { dataDir, backup } = await killedBefore('place:admin.db');
    const partial = join(dataDir, 'admin.db.restoring');
    truncateSync(partial, Math.floor(statSync(partial).size / 2));

    const { line } = await checkAfter(dataDir, backup);

    assert.match(line, /deshará/);
    assert.match(line, /admin\.db\.restoring no es la copia nueva completa/);
    assert.match(line, /como antes de ella/);
  });

  it('npm run restore -- --check while a restore of DATA_DIR is copying: one line saying a restore is under way (not interrupted), naming it; exit 1, nothing changed, and the restore then ends as usual', async () => {
    const dataDir = join(tempDir('running'), 'data');
    cpSync(clinic, dataDir, { recursive: true });
    const backup = join(dataDir, 'backups', 'antes');
    // Checked by the test's --check: the same backup, elsewhere (the one being restored has a FIFO for its keys).
    const other = join(tempDir('other'), 'antes');
    cpSync(backup, other, { recursive: true });
    // The backup's keys through a FIFO (test/support/fifo-file.ts): the first read is the restore's checks, the second
    // its copy, once citas.db and admin.db are copied beside their place; the check runs while it waits there.
    const keysFile = join(backup, 'jwt-keys.json');
    const keys = readFileSync(keysFile);
    rmSync(keysFile);
    let checked: Ran | undefined;
    let before: Record<string, string> = {};
    let after: Record<string, string> = {};
    const keysRead = fifoFile(keysFile, keys, async (n) => {
      if (n !== 2) return;
      before = snapshot(dataDir);
      checked = await run('restore', ['--check', other], { DATA_DIR: dataDir });
      after = snapshot(dataDir);
    });
    const restoring = startRun('restore', [backup], { DATA_DIR: dataDir });
    let ended: Ran;
    try {
      ended = await restoring.ended;
    } finally {
      restoring.endLeftovers();
      await keysRead.stop();
    }

    assert.ok(checked, `the restore never copied the keys: ${ended.stdout}${ended.stderr}`);
    assert.deepEqual(after, before, 'the check changed DATA_DIR');
    assert.equal(checked.code, 1, `${checked.stdout}${checked.stderr}`);
    const said = checked.stderr.trim().split('\n');
    assert.equal(said.length, 1, checked.stderr);
    assert.match(said[0], new RegExp(`^restore: .*restauración de DATA_DIR .*en curso \\(pid ${restoring.pid}\\b`), said[0]);
    assert.doesNotMatch(said[0], /interrumpida/);
    assert.equal(ended.code, 0, `${ended.stdout}${ended.stderr}`);
    assert.deepEqual(factsOf(dataDir), BACKUP);
  });

  it('killed before placing admin.db, and the power cut lost the end of admin.db.restoring: the next start cannot finish it, so it undoes it, in one line; both services start on what was there before', async () => {
    const { dataDir } = await killedBefore('place:admin.db');
    const partial = join(dataDir, 'admin.db.restoring');
    truncateSync(partial, Math.floor(statSync(partial).size / 2));

    const { listening, stderr } = await bothStartedAndStopped(dataDir);

    assert.deepEqual(listening, [true, true], stderr);
    const said = stderr.split('\n').filter((line) => /interrumpida/.test(line));
    assert.equal(said.length, 1, stderr);
    assert.match(said[0], /^(admin|citas): .*deshecha.*admin\.db/);
    assert.deepEqual(factsOf(dataDir), NOW, 'the services started on a half-restored DATA_DIR');
    nothingAcknowledgedLost(dataDir, dataDir);
    assert.deepEqual(setAsideFolders(dataDir), [], 'the undone restore’s replaced-* folder left behind, empty');
    assert.equal(readFileSync(join(dataDir, 'jwt-keys.json')).length > 0, true);
  });

  it('the roll back itself killed half-way (citas.db back in place, admin.db not yet): the next start rolls back again, never forward, in one line', async () => {
    const { dataDir, backup } = await killedBefore('place:admin.db');
    const partial = join(dataDir, 'admin.db.restoring');
    truncateSync(partial, Math.floor(statSync(partial).size / 2));
    // The next restore begins by rolling the interrupted one back, and is killed in the middle of it.
    const { stopped } = await restoreKilledBefore('back:admin.db', [backup], { DATA_DIR: dataDir });
    assert.ok(stopped, 'the roll back never reached admin.db');
    // The journal says it is being rolled back: the next run goes on rolling back whatever it finds.
    assert.match(JSON.parse(readFileSync(join(dataDir, 'restore-journal.json'), 'utf8')).undo, /admin\.db/);
    assert.equal(existsSync(join(dataDir, 'admin.db')), false, 'admin.db back in place before the kill: the test proves nothing');

    const { listening, stderr } = await bothStartedAndStopped(dataDir);

    assert.deepEqual(listening, [true, true], stderr);
    const said = stderr.split('\n').filter((line) => /interrumpida/.test(line));
    assert.equal(said.length, 1, stderr);
    assert.match(said[0], /^(admin|citas): .*deshecha.*admin\.db/);
    assert.deepEqual(factsOf(dataDir), NOW, 'the services started on a half-restored DATA_DIR');
    nothingAcknowledgedLost(dataDir, dataDir);
  });
});
