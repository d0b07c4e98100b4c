import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OPTIONS, generateData, writeData } from '../../../loader/generate-data';
import { FakeAdmin, runCli } from '../../support/loader-fake-admin';

/**
 * A create admin takes and never answers (a hung request: a lock never let
 * go, a paused process). All the loader gets is its own timeout, and then it
 * cannot know whether the record went in: the IT person running it needs a
 * line for that row saying so and what to do, the summary of what did go in,
 * and a re-run that loads the rest without making anything twice.
 */
describe('a whole run in which admin stores a doctor and never answers its create', () => {
  let admin: FakeAdmin;
  let dataDir: string;
  /** The second doctor of doctores.csv (line 3): the create admin stores and never answers. */
  let hung: { nombre: string; username: string };

  before(async () => {
    admin = await new FakeAdmin().start();
    dataDir = mkdtempSync(join(tmpdir(), 'odontocare-loader-no-answer-'));
    writeData(dataDir, generateData({ ...DEFAULT_OPTIONS, users: 2, centers: 2, doctors: 3, patients: 4 }));
    const [nombre, , username] = readFileSync(join(dataDir, 'doctores.csv'), 'utf8').split('\n')[2].split(',');
    hung = { nombre, username };
  });
  after(async () => {
    await admin?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends (exit 2) with that row\'s outcome unknown and what to check, the rest counted or said unsent; a re-run loads the rest once', async () => {
    admin.accountFate = (path, body) => (path === '/admin/doctores' && body.username === hung.username ? 'unanswered-after-commit' : 'answered');

    // One row at a time, so what comes after the hung row is known to be unsent; 5 s, not 30, for the test's sake,
    // and not less: every other request of the run must still be answered in time on a machine at load 15.
    const run = await runCli(['--data', dataDir, '--concurrency', '1', '--timeout-ms', '5000'], admin);

    assert.equal(run.code, 2, run.out + run.err);
    assert.match(run.err, /✗ doctores\.csv línea 3: SIN_RESPUESTA — .*admin no respondió en 5 s.*no se sabe si se ha creado.*no se envía otra vez.*vuelva a cargar/i);
    assert.match(run.err, /Error: .*admin .*no respondió en 5 s.*--timeout-ms/);
    assert.match(run.err, /5 fila\(s\) sin enviar/, 'the third doctor and the four patients');
    assert.match(run.out, /^doctores\.csv\s+1\s+0\s+1$/m, 'summary: the first doctor created, the hung one not counted as created');
    assert.equal(admin.count('POST /admin/doctores'), 2, 'the hung create is not sent again, nor any row after it');

    admin.accountFate = () => 'answered';
    const again = await runCli(['--data', dataDir], admin);

    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /doctores\.csv: 3 filas, 1 creadas, 2 ya existían, 0 fallidas/);
    assert.match(again.out, /pacientes\.csv: 4 filas, 4 creadas, 0 ya existían, 0 fallidas/);
    assert.deepEqual(
      admin.doctors.map((d) => d.nombre).filter((n) => n === hung.nombre),
      [hung.nombre],
      'the hung doctor is there once',
    );
    const usernames = admin.users.map((u) => u.username);
    assert.equal(new Set(usernames).size, usernames.length, 'no account twice');
    assert.equal(admin.doctors.length + admin.patients.length, 3 + 4, 'every doctor and patient once');
  });
});
