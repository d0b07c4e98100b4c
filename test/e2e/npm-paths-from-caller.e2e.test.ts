import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { bothStartedAndStopped, compiledBuild } from '../support/compiled-service';

const ROOT = resolve(__dirname, '..', '..');

/**
 * The IT person types a relative path in their own folder: `cd /media/usb;
 * npm --prefix /opt/odontocare run backup -- --to hoy` (or runs npm from a
 * folder of the project). npm runs every script from the project's root and
 * says where it was called from in INIT_CWD: the path is theirs, from there.
 */
function npmRun(from: string, script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['--prefix', ROOT, 'run', script, '--', ...args], {
      cwd: from,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

const dirs: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `odontocare-${name}-`));
  dirs.push(dir);
  return dir;
};
/** What a run that resolved from the project's root left there, under a name no one else uses. */
const strays: string[] = [];

before(() => {
  compiledBuild();
});
after(() => {
  for (const stray of strays) rmSync(join(ROOT, stray), { recursive: true, force: true });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('relative paths given to npm scripts are read from the folder npm was called from (INIT_CWD)', { timeout: 240_000 }, () => {
  it('npm run backup -- --to DIR, then npm run restore -- --check DIR and -- DIR', async () => {
    const dataDir = tempDir('caller-data');
    const started = await bothStartedAndStopped(dataDir);
    assert.deepEqual(started.listening, [true, true], started.stderr);
    const caller = tempDir('caller');
    const name = `copia-${basename(caller)}`;
    strays.push(name);

    const backup = await npmRun(caller, 'backup', ['--to', name], { DATA_DIR: dataDir });
    assert.equal(backup.code, 0, backup.output);
    for (const file of ['admin.db', 'citas.db']) assert.ok(existsSync(join(caller, name, file)), `${file} not in ${join(caller, name)}: ${backup.output}`);
    assert.equal(existsSync(join(ROOT, name)), false, 'the copy went to the project’s folder');

    const check = await npmRun(caller, 'restore', ['--check', name], { DATA_DIR: dataDir });
    assert.equal(check.code, 0, check.output);
    const restore = await npmRun(caller, 'restore', [name], { DATA_DIR: dataDir });
    assert.equal(restore.code, 0, restore.output);
  });

  it('npm run data:generate -- --out DIR', async () => {
    const caller = tempDir('caller');
    const name = `datos-${basename(caller)}`;
    strays.push(name);

    const generated = await npmRun(caller, 'data:generate', ['--out', name, '--patients', '3', '--doctors', '2', '--centers', '1', '--users', '2']);
    assert.equal(generated.code, 0, generated.output);
    assert.ok(existsSync(join(caller, name, 'pacientes.csv')), generated.output);
    assert.equal(existsSync(join(ROOT, name)), false, 'the files went to the project’s folder');
  });

  it('npm run load -- --data DIR (a dry run: nothing sent)', async () => {
    const caller = tempDir('caller');
    const name = `datos-${basename(caller)}`;
    cpSync(join(ROOT, 'loader', 'data'), join(caller, name), { recursive: true });

    const loaded = await npmRun(caller, 'load', ['--data', name, '--dry-run']);
    assert.equal(loaded.code, 0, loaded.output);
  });
});
