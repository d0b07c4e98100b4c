import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type FakeAdmin, runCli } from '../../support/loader-fake-admin';
import { accountedRows, smallClinicForEachTest } from '../../support/loader-small-clinic';

/**
 * A create admin took and began to answer, and the connection dropped while
 * the answer's body was arriving (admin crashed or was restarted midway, a
 * proxy cut it). The run stops there, as documented (exit 2, the request not
 * sent again), but that row was sent: the IT person running the loader must
 * be told what became of it. The loader asks admin (the users, doctors and
 * centers lists) whether the record is there; when it cannot ask, the row is
 * one whose outcome is unknown, with a line of its own and told apart at the
 * end. Either way the summary and the rows said unsent add up to the rows read.
 */
describe('a whole run in which the answer to a create is cut off midway', () => {
  let admin: FakeAdmin;
  let dataDir: string;
  /** 1 + 2 + 3 + 2 rows. */
  const ROWS = 8;

  const clinic = smallClinicForEachTest('cut');
  // made afresh by the clinic's own beforeEach, which runs first
  beforeEach(() => ({ admin, dataDir } = clinic));

  /** The first create of bruno.sanz (doctores.csv line 3) has its answer cut short; `then` runs as it is. */
  const cutBrunoOnce = (fate: 'cut-after-commit' | 'cut-before-commit', then?: () => void): void => {
    let met = false;
    admin.accountFate = (_path, body) => {
      if (body.username !== 'bruno.sanz' || met) return 'answered';
      met = true;
      then?.();
      return fate;
    };
  };


  it('admin made the doctor: the loader finds it, says so on its line and counts it created; the run stops (exit 2), the rest unsent; a re-run loads the rest once', async () => {
    cutBrunoOnce('cut-after-commit');

    const run = await runCli(['--data', dataDir, '--concurrency', '1'], admin);

    assert.equal(run.code, 2, run.out + run.err);
    assert.match(run.out, /^ℹ doctores\.csv línea 3: .*se cortó.*bruno\.sanz.*está en admin.*cuenta como creado/im);
    assert.doesNotMatch(run.err, /✗ doctores\.csv línea 3/);
    assert.match(run.err, /Error: La conexión con el servicio admin en .* se cortó a mitad de una respuesta/);
    assert.match(run.err, /3 fila\(s\) sin enviar/, 'the third doctor and the two patients');
    assert.match(run.out, /^doctores\.csv\s+2\s+0\s+0$/m, 'the cut doctor counted created with the first');
    assert.equal(accountedRows(run), ROWS);
    assert.equal(admin.count('POST /admin/doctores'), 2, 'the cut create is not sent again, nor any row after it');

    admin.accountFate = () => 'answered';
    const again = await runCli(['--data', dataDir], admin);

    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /doctores\.csv: 3 filas, 1 creadas, 2 ya existían, 0 fallidas/);
    assert.match(again.out, /pacientes\.csv: 2 filas, 2 creadas, 0 ya existían, 0 fallidas/);
    assert.deepEqual(admin.doctors.map((d) => d.nombre), ['Ana Ruiz Gil', 'Bruno Sanz Vela', 'Carla Mora Díaz']);
  });

  it('the username was an earlier run\'s (the 409 cut short): found to be the row\'s, it counts "ya existían"', async () => {
    admin.addDoctor('Bruno Sanz Vela', 'Endodoncia', 'bruno.sanz');
    cutBrunoOnce('cut-after-commit');

    const run = await runCli(['--data', dataDir, '--concurrency', '1'], admin);

    assert.equal(run.code, 2, run.out + run.err);
    assert.match(run.out, /^ℹ doctores\.csv línea 3: .*se cortó.*está en admin.*«ya existían»/im);
    assert.match(run.out, /^doctores\.csv\s+1\s+1\s+0$/m);
    assert.equal(accountedRows(run), ROWS);
    assert.equal(admin.doctors.length, 2);
  });

  it('the lists cannot be read to find out: the row has its own line saying it may be in, it is told apart at the end, and the counts add up; a re-run counts it once', async () => {
    cutBrunoOnce('cut-after-commit', () => (admin.usersUnreadable = true));

    const run = await runCli(['--data', dataDir, '--concurrency', '1'], admin);

    assert.equal(run.code, 2, run.out + run.err);
    assert.match(run.err, /^✗ doctores\.csv línea 3: CUENTA_SIN_CONFIRMAR — .*se cortó.*no se sabe si se ha creado.*no se pudo comprobar.*vuelva a cargar/im);
    assert.match(run.err, /^1 fila\(s\) pueden haberse cargado o no/m);
    assert.doesNotMatch(run.err, /corrija el archivo/, 'nothing in the file to correct');
    assert.match(run.err, /3 fila\(s\) sin enviar/);
    assert.match(run.out, /^doctores\.csv\s+1\s+0\s+1$/m);
    assert.equal(accountedRows(run), ROWS);
    assert.equal(admin.count('POST /admin/doctores'), 2);

    admin.usersUnreadable = false;
    const again = await runCli(['--data', dataDir], admin);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /doctores\.csv: 3 filas, 1 creadas, 2 ya existían, 0 fallidas/);
    assert.equal(admin.doctors.filter((d) => d.nombre === 'Bruno Sanz Vela').length, 1);
  });

  it('admin had not made it (a 503 cut short): the loader finds it is not there and says so on its line, not as unknown; a re-run creates it', async () => {
    cutBrunoOnce('cut-before-commit');

    const run = await runCli(['--data', dataDir, '--concurrency', '1'], admin);

    assert.equal(run.code, 2, run.out + run.err);
    assert.match(run.err, /^✗ doctores\.csv línea 3: RESPUESTA_CORTADA — .*se cortó.*no está en admin.*no se ha creado.*vuelva a cargar/im);
    assert.doesNotMatch(run.err, /pueden haberse cargado o no/);
    assert.match(run.out, /^doctores\.csv\s+1\s+0\s+1$/m);
    assert.equal(accountedRows(run), ROWS);
    assert.equal(admin.doctors.length, 1);

    const again = await runCli(['--data', dataDir], admin);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /doctores\.csv: 3 filas, 2 creadas, 1 ya existían, 0 fallidas/);
  });

  it('a center: found in the centers list it counts created, and is not sent again', async () => {
    let met = false;
    admin.centerFate = (c) => (c.nombre === 'Clínica Centro' && !met ? ((met = true), 'cut-after-commit') : 'answered');

    const run = await runCli(['--data', dataDir, '--concurrency', '1'], admin);

    assert.equal(run.code, 2, run.out + run.err);
    assert.match(run.out, /^ℹ centros\.csv línea 2: .*se cortó.*está en admin.*cuenta como creado/im);
    assert.match(run.out, /^centros\.csv\s+1\s+0\s+0$/m);
    assert.match(run.err, /6 fila\(s\) sin enviar/);
    assert.equal(accountedRows(run), ROWS);
    assert.equal(admin.centers.length, 1, 'sent once');
  });

  it('admin had begun to answer 201 and the record is not found as the row wrote it (renamed meanwhile): unknown, never "not made"', async () => {
    let met = false;
    admin.centerFate = (c) => {
      if (c.nombre !== 'Clínica Centro' || met) return 'answered';
      met = true;
      // stored right after this answer is chosen; someone renames it before the loader looks
      setImmediate(() => (admin.centers[0].nombre = 'Clínica Centro (sede)'));
      return 'cut-after-commit';
    };

    const run = await runCli(['--data', dataDir, '--concurrency', '1'], admin);

    assert.equal(run.code, 2, run.out + run.err);
    assert.match(run.err, /^✗ centros\.csv línea 2: CENTRO_SIN_CONFIRMAR — .*201.*no aparece.*no se sabe si se ha creado/im);
    assert.doesNotMatch(run.err, /no se ha creado/);
    assert.match(run.err, /^1 fila\(s\) pueden haberse cargado o no/m);
    assert.equal(accountedRows(run), ROWS);
  });

  it('a center whose list cannot be read to find out: CENTRO_SIN_CONFIRMAR, told apart at the end; a re-run counts it once', async () => {
    let met = false;
    admin.centerFate = (c) => {
      if (c.nombre !== 'Clínica Centro' || met) return 'answered';
      met = true;
      admin.centersUnreadable = true;
      return 'cut-after-commit';
    };

    const run = await runCli(['--data', dataDir, '--concurrency', '1'], admin);

    assert.equal(run.code, 2, run.out + run.err);
    assert.match(run.err, /^✗ centros\.csv línea 2: CENTRO_SIN_CONFIRMAR — .*no se sabe si se ha creado/im);
    assert.match(run.err, /^1 fila\(s\) pueden haberse cargado o no/m);
    assert.match(run.out, /^centros\.csv\s+0\s+0\s+1$/m);
    assert.equal(accountedRows(run), ROWS);

    admin.centersUnreadable = false;
    const again = await runCli(['--data', dataDir], admin);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /centros\.csv: 2 filas, 1 creadas, 1 ya existían, 0 fallidas/);
    assert.equal(admin.centers.filter((c) => c.nombre === 'Clínica Centro').length, 1);
  });
});
