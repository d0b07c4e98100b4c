import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type FakeAdmin, runCli, type UsersUnreadable } from '../../support/loader-fake-admin';
import { accountedRows, smallClinicForEachTest } from '../../support/loader-small-clinic';

/**
 * A 409 says only that the username is taken. Whether by the row's own
 * account (an earlier run: "ya existían") or by someone else's (the row was
 * never created; the operator changes the username) the loader learns from
 * the users list (and the doctors' or patients'). When that list cannot be
 * read, the loader does not know which: the row may be in or not, and there
 * is nothing in the file to correct. It must be a row of unknown outcome,
 * never a failure to correct nor a success.
 */
describe('a whole re-run in which the users list cannot be read to check the 409s', () => {
  let admin: FakeAdmin;
  let dataDir: string;
  /** 1 + 1 + 3 + 2 rows. */
  const ROWS = 7;

  const clinic = smallClinicForEachTest('unreadable', ['Clínica Centro,Calle Mayor 1']);
  // made afresh by the clinic's own beforeEach, which runs first
  beforeEach(async () => {
    ({ admin, dataDir } = clinic);
    const first = await runCli(['--data', dataDir], admin);
    assert.equal(first.code, 0, first.out + first.err);
    admin.requests.length = 0;
  });

  const unknownLine = (file: string, line: number): RegExp =>
    new RegExp(`^✗ ${file.replace('.', '\\.')} línea ${line}: CUENTA_SIN_CONFIRMAR — .*ya existe.*no se pudo comprobar.*no se sabe si .*vuelva a cargar`, 'im');

  for (const [how, why] of [
    ['http-500', 'answered 500'],
    ['not-json', 'answered 200 with a page that is not JSON'],
  ] as [UsersUnreadable, string][]) {
    it(`${why}: every 409 row is unknown, with its line, told apart at the end, none to correct and none counted in; exit 1; a re-run counts them`, async () => {
      admin.usersUnreadable = how;

      const run = await runCli(['--data', dataDir], admin);

      assert.equal(run.code, 1, run.out + run.err);
      for (const line of [2, 3, 4]) assert.match(run.err, unknownLine('doctores.csv', line));
      for (const line of [2, 3]) assert.match(run.err, unknownLine('pacientes.csv', line));
      assert.match(run.err, /^5 fila\(s\) pueden haberse cargado o no/m);
      assert.doesNotMatch(run.err, /corrija el archivo/, 'nothing in the file to correct');
      assert.doesNotMatch(run.err, /Error inesperado/);
      assert.match(run.out, /doctores\.csv: 3 filas, 0 creadas, 0 ya existían, 3 fallidas/, 'none counted in');
      assert.match(run.out, /pacientes\.csv: 2 filas, 0 creadas, 0 ya existían, 2 fallidas/);
      assert.equal(accountedRows(run), ROWS);
      // a failed read is not kept: each file's 409s read the list again, but no row reads it twice
      const reads = admin.count('GET /admin/usuario');
      assert.ok(reads >= 2 && reads <= 5, `${reads} reads of the users list for 5 rows in two files`);

      admin.usersUnreadable = false;
      const again = await runCli(['--data', dataDir], admin);
      assert.equal(again.code, 0, again.out + again.err);
      assert.match(again.out, /doctores\.csv: 3 filas, 0 creadas, 3 ya existían, 0 fallidas/);
      assert.match(again.out, /pacientes\.csv: 2 filas, 0 creadas, 2 ya existían, 0 fallidas/);
    });
  }

  for (const [how, why] of [
    ['cut-midway', 'cut off midway through its answer'],
    ['dropped', 'dropped without an answer'],
  ] as [UsersUnreadable, string][]) {
    it(`its connection ${why}: the run stops (exit 2), and the 409 rows waiting on the list are unknown, each with its line; the counts add up`, async () => {
      admin.usersUnreadable = how;

      const run = await runCli(['--data', dataDir], admin);

      assert.equal(run.code, 2, run.out + run.err);
      // the three doctors are in flight together and all wait on the one listing; the patients are never sent
      for (const line of [2, 3, 4]) assert.match(run.err, unknownLine('doctores.csv', line));
      assert.match(run.err, /^3 fila\(s\) pueden haberse cargado o no/m);
      assert.doesNotMatch(run.err, /corrija el archivo/);
      assert.match(run.err, /Error: .*servicio admin en /);
      assert.match(run.err, /2 fila\(s\) sin enviar/);
      assert.match(run.out, /^doctores\.csv\s+0\s+0\s+3$/m);
      assert.equal(accountedRows(run), ROWS);
      assert.equal(admin.count('POST /admin/pacientes'), 0);

      admin.usersUnreadable = false;
      const again = await runCli(['--data', dataDir], admin);
      assert.equal(again.code, 0, again.out + again.err);
      assert.match(again.out, /doctores\.csv: 3 filas, 0 creadas, 3 ya existían, 0 fallidas/);
    });
  }

  // A hiccup: the list fails once and answers again a moment later. The row whose 409 met the failure cannot be told;
  // the 409 rows after it must not inherit that failure, or a big re-run over a flaky network turns every later
  // conflict into "unknown".
  for (const [how, why] of [
    ['http-500', 'answered 500 once'],
    ['not-json', 'answered once with a page that is not JSON'],
  ] as [UsersUnreadable, string][]) {
    it(`${why}: the 409 row that met it is unknown, the later 409 rows read the list again and count "ya existían"; exit 1, the counts add up`, async () => {
      admin.usersUnreadable = how;
      admin.usersUnreadableAnswers = 1;

      // one row at a time, so which 409 comes first is known: doctores.csv line 2
      const run = await runCli(['--data', dataDir, '--concurrency', '1'], admin);

      assert.equal(run.code, 1, run.out + run.err);
      assert.match(run.err, unknownLine('doctores.csv', 2));
      assert.equal(run.err.match(/^✗ /gm)?.length, 1, `only the row that met the failure has a line:\n${run.err}`);
      assert.match(run.err, /^1 fila\(s\) pueden haberse cargado o no/m);
      assert.match(run.out, /doctores\.csv: 3 filas, 0 creadas, 2 ya existían, 1 fallidas/);
      assert.match(run.out, /pacientes\.csv: 2 filas, 0 creadas, 2 ya existían, 0 fallidas/);
      assert.equal(accountedRows(run), ROWS);
      assert.equal(admin.count('GET /admin/usuario'), 2, 'read again by the next row that needed it, and that read kept for the rows after it');
    });
  }
});
