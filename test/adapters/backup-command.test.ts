import { after, afterEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupCommand, restoreCommand, type ServiceData } from '../../adapters/sqlite/backup-command';
import { beginSwap, describeNewFile } from '../../adapters/sqlite/restore-journal';
import { closeDatabase, type Migration, openDatabase } from '../../adapters/sqlite/open-database';
import { FixedClock } from '../fakes/fixed-clock';

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
