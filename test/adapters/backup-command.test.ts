import { after, afterEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupCommand, endInterruptedRestoreAtStart, restoreCommand, type ServiceData } from '../../adapters/sqlite/backup-command';
import { LOCK_FILE, OWNER_FILE } from '../../adapters/sqlite/backup-lock';
import { StartRefusal } from '../../adapters/config/start-refusal';
import { beginSwap, describeNewFile } from '../../adapters/sqlite/restore-journal';
import { closeDatabase, type Migration, openDatabase } from '../../adapters/sqlite/open-database';
import { FixedClock } from '../fakes/fixed-clock';
import { aLockHolder } from '../support/backup-lock-holder';

const MIGRATIONS: Migration[] = [{ version: 1, name: 'notas', sql: 'CREATE TABLE notas (texto TEXT NOT NULL)' }];

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
// The command reports a refusal through the exit code; the test file's own process must not inherit it.
afterEach(() => {
  process.exitCode = undefined;
});

/** A service's DATA_DIR with its database and three earlier backups: two dated, one named. */
async function aServiceWithBackups(): Promise<ServiceData> {
  const dataDir = mkdtempSync(join(tmpdir(), 'odontocare-backup-command-'));
  dirs.push(dataDir);
  await closeDatabase(openDatabase(join(dataDir, 'svc.db'), MIGRATIONS));
  for (const folder of ['2026-11-29T020000Z', '2026-11-30T020000Z', 'antes-de-migrar']) {
    mkdirSync(join(dataDir, 'backups', folder), { recursive: true });
    writeFileSync(join(dataDir, 'backups', folder, 'svc.db'), 'copia anterior');
  }
  return { service: 'svc', dataDir, databases: [{ file: join(dataDir, 'svc.db'), migrations: MIGRATIONS }], files: [], elsewhere: [] };
}

/** Runs `backup ...argv` at 2026-12-01 02:00 UTC; returns what it printed and its exit code. */
function backup(data: ServiceData, argv: string[]): Promise<{ out: string[]; err: string[]; exitCode: number | string | undefined }> {
  return ran(() => backupCommand('svc', argv, () => data, new FixedClock('2026-12-01T02:00:00Z')));
}

/** Runs a command; returns what it printed and its exit code. */
async function ran(command: () => Promise<void>): Promise<{ out: string[]; err: string[]; exitCode: number | string | undefined }> {
  const log = mock.method(console, 'log', () => {});
  const error = mock.method(console, 'error', () => {});
  try {
    await command();
    return { out: log.mock.calls.map((c) => String(c.arguments[0])), err: error.mock.calls.map((c) => String(c.arguments[0])), exitCode: process.exitCode };
  } finally {
    log.mock.restore();
    error.mock.restore();
  }
}

const backupsOf = (data: ServiceData) => readdirSync(join(data.dataDir, 'backups')).sort();

describe('backup --keep N (adapters/sqlite/backup-command.ts)', () => {
  it('after the new backup is written and checked, removes the dated backups beyond the newest N, one line each', async () => {
    const data = await aServiceWithBackups();

    const ran = await backup(data, ['--keep', '2']);

    assert.equal(ran.exitCode, undefined, ran.err.join('\n'));
    assert.deepEqual(backupsOf(data), ['2026-11-30T020000Z', '2026-12-01T020000Z', 'antes-de-migrar']);
    assert.deepEqual(readdirSync(join(data.dataDir, 'backups', '2026-12-01T020000Z')), ['svc.db']);
    const removed = ran.out.filter((line) => /borrada/.test(line));
    assert.deepEqual(removed, [`svc: borrada la copia antigua ${join(data.dataDir, 'backups', '2026-11-29T020000Z')}`]);
  });

  it('refuses 0, a negative, a fraction or a word in one line, exit code 1, copying and removing nothing', async () => {
    const data = await aServiceWithBackups();
    for (const keep of ['0', '-1', '1.5', 'dos', '2x', '']) {
      const ran = await backup(data, ['--keep', keep]);
      assert.equal(ran.exitCode, 1, `--keep ${keep}`);
      assert.equal(ran.err.length, 1, `--keep ${keep}: ${ran.err.join('\n')}`);
      assert.match(ran.err[0], /^svc: --keep/);
      assert.deepEqual(backupsOf(data), ['2026-11-29T020000Z', '2026-11-30T020000Z', 'antes-de-migrar'], `--keep ${keep}`);
    }
    const bare = await backup(data, ['--keep']);
    assert.equal(bare.exitCode, 1);
    assert.deepEqual(backupsOf(data), ['2026-11-29T020000Z', '2026-11-30T020000Z', 'antes-de-migrar']);
  });

  it('refuses --keep with --to in one line: it prunes DATA_DIR/backups only, never a destination of the operator’s', async () => {
    const data = await aServiceWithBackups();
    const elsewhere = join(data.dataDir, 'fuera');

    const ran = await backup(data, ['--to', join(elsewhere, '2026-12-01T020000Z'), '--keep', '1']);

    assert.equal(ran.exitCode, 1);
    assert.equal(ran.err.length, 1);
    assert.match(ran.err[0], /--keep/);
    assert.match(ran.err[0], /--to/);
    assert.deepEqual(readdirSync(data.dataDir).sort(), ['backups', 'svc.db']);
    assert.deepEqual(backupsOf(data), ['2026-11-29T020000Z', '2026-11-30T020000Z', 'antes-de-migrar']);
  });

  it('with --name, keeps that backup and the newest N dated ones', async () => {
    const data = await aServiceWithBackups();

    const ran = await backup(data, ['--name', 'antes-de-actualizar', '--keep', '1']);

    assert.equal(ran.exitCode, undefined, ran.err.join('\n'));
    assert.deepEqual(backupsOf(data), ['2026-11-30T020000Z', 'antes-de-actualizar', 'antes-de-migrar']);
  });

  it('removes nothing when the backup fails', async () => {
    const data = await aServiceWithBackups();
    rmSync(data.databases[0].file);

    const ran = await backup(data, ['--keep', '1']);

    assert.equal(ran.exitCode, 1);
    assert.match(ran.err.join('\n'), /svc\.db no existe/);
    assert.deepEqual(backupsOf(data), ['2026-11-29T020000Z', '2026-11-30T020000Z', 'antes-de-migrar']);
  });

  it('refuses an option it does not know instead of ignoring it (a mistyped --keep would let the disk fill)', async () => {
    const data = await aServiceWithBackups();

    const ran = await backup(data, ['--kepp', '2']);

    assert.equal(ran.exitCode, 1);
    assert.deepEqual([ran.err.length, /--kepp/.test(ran.err[0] ?? '')], [1, true]);
    assert.deepEqual(backupsOf(data), ['2026-11-29T020000Z', '2026-11-30T020000Z', 'antes-de-migrar']);
  });
});

describe('restore --check, a service’s own command (adapters/sqlite/backup-command.ts; in the images, restore.js)', () => {
  it('on a DATA_DIR where a restore was killed after it set svc.db aside: the backup is fine, but one line says the restore is half-way, what each file is and what the next start or restore does; exit code 1, nothing changed', async () => {
    const data = await aServiceWithBackups();
    const backupDir = join(data.dataDir, 'backups', 'buena');
    assert.equal((await backup(data, ['--name', 'buena'])).exitCode, undefined);
    // The restore, killed once the journal was written and svc.db set aside, before its copy was put in place.
    const copy = readFileSync(join(backupDir, 'svc.db'));
    writeFileSync(join(data.dataDir, 'svc.db.restoring'), copy);
    beginSwap(data.dataDir, { from: backupDir, setAside: 'replaced-2026-12-02T040000Z', aside: ['svc.db'], restored: [describeNewFile('svc.db', copy)] });
    mkdirSync(join(data.dataDir, 'replaced-2026-12-02T040000Z'));
    renameSync(join(data.dataDir, 'svc.db'), join(data.dataDir, 'replaced-2026-12-02T040000Z', 'svc.db'));
    const before = readdirSync(data.dataDir).sort();

    const checked = await ran(() => restoreCommand('svc', ['--check', backupDir], () => data, new FixedClock('2026-12-02T05:00:00Z')));

    assert.equal(checked.exitCode, 1, checked.err.join('\n'));
    assert.deepEqual(checked.out, [`svc: la copia de ${backupDir} está bien`]);
    assert.equal(checked.err.length, 1, checked.err.join('\n'));
    assert.match(checked.err[0], new RegExp(`^svc: DATA_DIR \\(${data.dataDir}\\) tiene una restauración de ${backupDir} interrumpida a medias: svc\\.db está apartado en replaced-2026-12-02T040000Z y no hay nada en su sitio\\. .*terminará`));
    assert.deepEqual(readdirSync(data.dataDir).sort(), before, 'the check changed DATA_DIR');
  });
});

/**
 * endInterruptedRestoreAtStart('svc', …) with `pause` in place of the service's pause between two looks at the lock
 * (250 ms), on `clock` (standing still unless `atPause` moves it): resolves with what it said on stderr and how many
 * pauses it took, or the refusal. No real time passes.
 */
async function startLooking(
  dataDir: string,
  atPause: (n: number) => Promise<void> | void,
  clock = new FixedClock('2026-12-02T05:00:00Z'),
): Promise<{ err: string[]; pauses: number; refused?: Error }> {
  const error = mock.method(console, 'error', () => {});
  let pauses = 0;
  try {
    await endInterruptedRestoreAtStart('svc', dataDir, clock, async () => {
      pauses += 1;
      await atPause(pauses);
    });
    return { err: error.mock.calls.map((c) => String(c.arguments[0])), pauses };
  } catch (refused) {
    return { err: error.mock.calls.map((c) => String(c.arguments[0])), pauses, refused: refused as Error };
  } finally {
    error.mock.restore();
  }
}

/** A DATA_DIR whose svc.db a restore is replacing: svc.db (old), and svc.db.restoring (new) once its copy has begun. */
function aDataDirBeingRestored(copying: boolean): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'odontocare-start-'));
  dirs.push(dataDir);
  writeFileSync(join(dataDir, 'svc.db'), 'old');
  if (copying) writeFileSync(join(dataDir, 'svc.db.restoring'), 'new');
  return dataDir;
}

/** What the restore does when it ends: its copy in place (the old one set aside is left out here). */
const restoreEnds = (dataDir: string) => renameSync(join(dataDir, 'svc.db.restoring'), join(dataDir, 'svc.db'));
const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : null);

describe('a service’s start while a restore holds DATA_DIR’s lock (endInterruptedRestoreAtStart)', () => {
  // 600 looks are 150 s at the service's pace (one every 250 ms): longer than the 60 s the start used to allow.
  it('a restore copying for longer than any fixed wait (600 looks): the start waits, says so once naming it, and goes on once it has ended, on what it restored', async () => {
    const dataDir = aDataDirBeingRestored(true);
    const restore = await aLockHolder(dataDir, { doing: 'una restauración' });

    const started = await startLooking(dataDir, async (n) => {
      if (n < 600) return;
      restoreEnds(dataDir);
      await restore.release();
    });

    assert.equal(started.refused, undefined, started.refused?.message);
    assert.equal(started.pauses, 600);
    assert.equal(started.err.length, 1, started.err.join('\n'));
    assert.match(started.err[0], new RegExp(`^svc: espera a que termine la restauración de DATA_DIR \\(${dataDir}\\) en curso \\(pid ${restore.pid}, empezada 2026-12-01T02:00:00\\.000Z\\) para arrancar sobre lo que deje; espera mientras ese proceso siga en marcha`));
    assert.equal(read(join(dataDir, 'svc.db')), 'new');
    assert.deepEqual(readdirSync(dataDir).sort(), [LOCK_FILE, 'svc.db']);
  });

  it('a restore that does not end (a stuck disk): the start says again, every 5 minutes by its clock, how long it has waited, so a log watched is seen alive', async () => {
    const dataDir = aDataDirBeingRestored(true);
    const restore = await aLockHolder(dataDir, { doing: 'una restauración' });
    const clock = new FixedClock('2026-12-02T05:00:00Z');

    // A look every 30 s of the clock's, and the restore ends after the 25th: 12 min 30 s.
    const started = await startLooking(
      dataDir,
      async (n) => {
        clock.set(new Date(Date.parse('2026-12-02T05:00:00Z') + n * 30_000));
        if (n < 25) return;
        restoreEnds(dataDir);
        await restore.release();
      },
      clock,
    );

    assert.equal(started.refused, undefined, started.refused?.message);
    assert.equal(started.pauses, 25);
    assert.equal(started.err.length, 3, started.err.join('\n'));
    assert.match(started.err[0], /^svc: espera a que termine la restauración/);
    const again = (minutes: number) =>
      new RegExp(`^svc: sigue esperando a que termine la restauración de DATA_DIR \\(${dataDir}\\) en curso \\(pid ${restore.pid}, empezada 2026-12-01T02:00:00\\.000Z\\): lleva ${minutes} min; `);
    assert.match(started.err[1], again(5));
    assert.match(started.err[2], again(10));
    assert.equal(read(join(dataDir, 'svc.db')), 'new');
  });

  it('a restore still checking the backup (nothing of it in DATA_DIR yet but its record): the start waits for it too', async () => {
    const dataDir = aDataDirBeingRestored(false);
    const restore = await aLockHolder(dataDir, { doing: 'una restauración' });

    const started = await startLooking(dataDir, async (n) => {
      if (n < 3) return;
      writeFileSync(join(dataDir, 'svc.db'), 'new');
      await restore.release();
    });

    assert.equal(started.refused, undefined, started.refused?.message);
    assert.equal(started.pauses, 3);
    assert.equal(started.err.length, 1, started.err.join('\n'));
    assert.match(started.err[0], /^svc: espera a que termine la restauración/);
    assert.equal(read(join(dataDir, 'svc.db')), 'new');
  });

  it('the restore killed (SIGKILL) while the start waits: no look after its death waits; the start ends what it left (its copy, nothing changed yet), in one more line', async () => {
    const dataDir = aDataDirBeingRestored(true);
    const restore = await aLockHolder(dataDir, { doing: 'una restauración' });

    const started = await startLooking(dataDir, async (n) => {
      if (n === 3) await restore.kill();
    });

    assert.equal(started.refused, undefined, started.refused?.message);
    assert.equal(started.pauses, 3, 'looked again after the holder had died');
    assert.equal(started.err.length, 2, started.err.join('\n'));
    assert.match(started.err[0], /^svc: espera a que termine la restauración/);
    assert.match(started.err[1], /^svc: restauración interrumpida en .* antes de cambiar nada: borrados svc\.db\.restoring/);
    assert.equal(read(join(dataDir, 'svc.db')), 'old');
    assert.deepEqual(readdirSync(dataDir).sort(), [LOCK_FILE, 'svc.db']);
  });

  it('a restore’s leftovers and a lock that cannot be taken (a folder where backup.lock goes): refused at once, in one line saying what and what to do, nothing waited for or removed', async () => {
    const dataDir = aDataDirBeingRestored(true);
    mkdirSync(join(dataDir, LOCK_FILE));

    const started = await startLooking(dataDir, () => {});

    assert.ok(started.refused instanceof StartRefusal, String(started.refused));
    assert.equal(started.pauses, 0);
    assert.doesNotMatch(started.refused.message, /\n/);
    assert.match(started.refused.message, new RegExp(`^svc: no arranca: DATA_DIR \\(${dataDir}\\) tiene restos de una restauración .*revise ${join(dataDir, LOCK_FILE)}`));
    assert.equal(read(join(dataDir, 'svc.db.restoring')), 'new');
  });

  it('no restore there (no leftovers, no restore’s record; a backup’s record left by a killed backup): the start goes on at once, not touching the lock', async () => {
    const dataDir = aDataDirBeingRestored(false);
    writeFileSync(join(dataDir, OWNER_FILE), JSON.stringify({ doing: 'una copia', pid: 1, host: 'otra', started: '2026-12-01T02:00:00.000Z', token: 'x' }));

    const started = await startLooking(dataDir, () => {});

    assert.deepEqual([started.refused, started.pauses, started.err], [undefined, 0, []]);
    assert.deepEqual(readdirSync(dataDir).sort(), [OWNER_FILE, 'svc.db']);
  });
});
