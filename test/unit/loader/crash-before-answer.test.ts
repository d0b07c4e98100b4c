import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type AccountFate, type FakeAdmin, type Outage, runCli } from '../../support/loader-fake-admin';
import { accountedRows, smallClinicForEachTest } from '../../support/loader-small-clinic';

/**
 * Admin stores a row and crashes before it begins the answer (or the
 * connection resets then): the loader sees a reset, which looks like a
 * kept-alive socket the server had closed, so it sends the row once more on
 * a new connection, and that finds admin gone (connections refused) or
 * something answering 503 in its place. The row was sent and admin may hold
 * it, so the IT person running the loader must be told what became of it,
 * not have it counted among the rows never sent: the loader looks for it
 * before the run stops. Found, it counts in, with a note; not found, or the
 * lists unreadable, it may be in or not, with a line of its own told apart at
 * the end. Either way the summary and the rows said unsent add up to the
 * rows read, and a re-run loads it once.
 */
describe('a whole run in which admin stores a row and crashes before answering it', () => {
  let admin: FakeAdmin;
  let dataDir: string;
  /** 1 + 2 + 3 + 2 rows. */
  const ROWS = 8;

  const clinic = smallClinicForEachTest('crash');
  // made afresh by the clinic's own beforeEach, which runs first
  beforeEach(() => ({ admin, dataDir } = clinic));

  /** The first create of bruno.sanz (doctores.csv line 3) meets `fate`, and admin goes down as it does. */
  const crashOnBruno = (fate: AccountFate, outage: Outage): void => {
    let met = false;
    admin.accountFate = (_path, body) => {
      if (body.username !== 'bruno.sanz' || met) return 'answered';
      met = true;
      admin.goDown(outage);
      return fate;
    };
  };


  /** A re-run once admin is back: the doctors all there once, the patients loaded. */
  const reRunLoadsTheRestOnce = async (created: number): Promise<void> => {
    admin.accountFate = () => 'answered';
    await admin.comeBack();
    const again = await runCli(['--data', dataDir], admin);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, new RegExp(`doctores\\.csv: 3 filas, ${created} creadas, ${3 - created} ya existían, 0 fallidas`));
    assert.match(again.out, /pacientes\.csv: 2 filas, \d creadas, \d ya existían, 0 fallidas/);
    assert.deepEqual(admin.doctors.map((d) => d.nombre).sort(), ['Ana Ruiz Gil', 'Bruno Sanz Vela', 'Carla Mora Díaz']);
    assert.equal(admin.patients.length, 2);
  };

  it('admin then refuses connections: the row has its own line saying it may be in (not "sin enviar"), the run stops (exit 2); a re-run counts it once', async () => {
    crashOnBruno('lost-after-commit', 'refusing');

    const run = await runCli(['--data', dataDir, '--concurrency', '1'], admin);

    assert.equal(run.code, 2, run.out + run.err);
    assert.match(run.err, /^✗ doctores\.csv línea 3: CUENTA_SIN_CONFIRMAR — .*no se sabe si se ha creado.*vuelva a cargar/im);
    assert.match(run.err, /^1 fila\(s\) pueden haberse cargado o no/m);
    assert.doesNotMatch(run.err, /corrija el archivo/, 'nothing in the file to correct');
    assert.match(run.err, /Error: No se puede conectar con el servicio admin/);
    assert.match(run.err, /3 fila\(s\) sin enviar/, 'the third doctor and the two patients, not the one admin took');
    assert.match(run.out, /^doctores\.csv\s+1\s+0\s+1$/m);
    assert.equal(accountedRows(run), ROWS);
    assert.equal(admin.count('POST /admin/doctores'), 2, 'bruno arrived once; nothing after it was sent');

    await reRunLoadsTheRestOnce(1);
  });

  it('several rows in flight when admin crashes: each has its line, none is said unsent, and the counts add up', async () => {
    // the first two doctors to arrive are stored and held; the third is stored and admin crashes, dropping all three
    let arrived = 0;
    admin.accountFate = (path) => {
      if (path !== '/admin/doctores') return 'answered';
      if (++arrived < 3) return 'unanswered-after-commit';
      admin.goDown('refusing');
      return 'lost-after-commit';
    };

    const run = await runCli(['--data', dataDir, '--concurrency', '3'], admin);

    assert.equal(run.code, 2, run.out + run.err);
    for (const line of [2, 3, 4]) assert.match(run.err, new RegExp(`^✗ doctores\\.csv línea ${line}: CUENTA_SIN_CONFIRMAR — `, 'm'));
    assert.match(run.err, /^3 fila\(s\) pueden haberse cargado o no/m);
    assert.match(run.err, /2 fila\(s\) sin enviar/, 'the two patients only');
    assert.match(run.out, /^doctores\.csv\s+0\s+0\s+3$/m);
    assert.equal(accountedRows(run), ROWS);

    await reRunLoadsTheRestOnce(0);
  });

  it('something answers 503 in admin\'s place, lists too: the row may be in, said so; the rows after it fail with the 503; a re-run counts it once', async () => {
    crashOnBruno('lost-after-commit', '503');

    const run = await runCli(['--data', dataDir, '--concurrency', '1'], admin);

    assert.equal(run.code, 1, run.out + run.err);
    assert.match(run.err, /^✗ doctores\.csv línea 3: CUENTA_SIN_CONFIRMAR — .*no se sabe si se ha creado/im);
    assert.doesNotMatch(run.err, /✗ doctores\.csv línea 3: SERVICIO_NO_DISPONIBLE/, 'not a row to correct: admin holds it');
    assert.match(run.err, /^1 fila\(s\) pueden haberse cargado o no/m);
    assert.match(run.out, /^doctores\.csv\s+1\s+0\s+2$/m);
    assert.equal(accountedRows(run), ROWS);

    await reRunLoadsTheRestOnce(1);
  });

  it('admin back for reads but not for creates (503): the row is found, counted created with a note', async () => {
    crashOnBruno('lost-after-commit', '503-to-creates');

    const run = await runCli(['--data', dataDir, '--concurrency', '1'], admin);

    assert.equal(run.code, 1, run.out + run.err);
    assert.match(run.out, /^ℹ doctores\.csv línea 3: .*bruno\.sanz.*está en admin.*cuenta como creado/im);
    assert.doesNotMatch(run.err, /✗ doctores\.csv línea 3/);
    assert.match(run.out, /^doctores\.csv\s+2\s+0\s+1$/m, 'ana and bruno in; carla refused with the 503');
    assert.equal(accountedRows(run), ROWS);
    assert.equal(admin.doctors.filter((d) => d.nombre === 'Bruno Sanz Vela').length, 1);
  });

  it('the lists readable and the row not in them: it may still be made (no answer said otherwise), so unknown, never "not made"', async () => {
    crashOnBruno('lost-before-commit', '503-to-creates');

    const run = await runCli(['--data', dataDir, '--concurrency', '1'], admin);

    assert.equal(run.code, 1, run.out + run.err);
    assert.match(run.err, /^✗ doctores\.csv línea 3: CUENTA_SIN_CONFIRMAR — .*no aparece.*no se sabe si se ha creado/im);
    assert.doesNotMatch(run.err, /línea 3: .*no se ha creado/);
    assert.match(run.err, /^1 fila\(s\) pueden haberse cargado o no/m);
    assert.equal(accountedRows(run), ROWS);

    await reRunLoadsTheRestOnce(2);
  });

  it('lost unanswered, then the resend\'s 503 cut short: admin may still store the first attempt, so the row is unknown, not "not made"', async () => {
    let attempts = 0;
    admin.accountFate = (_path, body) => {
      if (body.username !== 'bruno.sanz') return 'answered';
      attempts++;
      if (attempts === 1) {
        // a proxy reset the connection while admin went on with the request: it commits once the loader has read the users
        admin.afterUsersListed = () => admin.addDoctor('Bruno Sanz Vela', 'Endodoncia', 'bruno.sanz');
        return 'lost-before-commit';
      }
      return attempts === 2 ? 'cut-before-commit' : 'answered';
    };

    const run = await runCli(['--data', dataDir, '--concurrency', '1'], admin);

    assert.equal(run.code, 2, run.out + run.err);
    assert.match(run.err, /^✗ doctores\.csv línea 3: CUENTA_SIN_CONFIRMAR — .*no aparece.*no se sabe si se ha creado/im);
    assert.doesNotMatch(run.err, /RESPUESTA_CORTADA|no se ha creado/, 'admin holds it now');
    assert.match(run.err, /^1 fila\(s\) pueden haberse cargado o no/m);
    assert.equal(accountedRows(run), ROWS);
    assert.equal(admin.doctors.filter((d) => d.nombre === 'Bruno Sanz Vela').length, 1);

    await reRunLoadsTheRestOnce(1);
  });

  it('a center, then connections refused: looked for before any resend as ever, and the list unreachable, it may be in; a re-run counts it once', async () => {
    let met = false;
    admin.centerFate = (c) => {
      if (c.nombre !== 'Clínica Centro' || met) return 'answered';
      met = true;
      admin.goDown('refusing');
      return 'lost-after-commit';
    };

    const run = await runCli(['--data', dataDir, '--concurrency', '1'], admin);

    assert.equal(run.code, 2, run.out + run.err);
    assert.match(run.err, /^✗ centros\.csv línea 2: CENTRO_SIN_CONFIRMAR — .*no se sabe si se ha creado/im);
    assert.match(run.err, /^1 fila\(s\) pueden haberse cargado o no/m);
    assert.match(run.err, /6 fila\(s\) sin enviar/);
    assert.match(run.out, /^centros\.csv\s+0\s+0\s+1$/m);
    assert.equal(accountedRows(run), ROWS);
    assert.equal(admin.count('POST /admin/centros'), 1, 'not sent again on a guess');

    admin.centerFate = () => 'answered';
    await admin.comeBack();
    const again = await runCli(['--data', dataDir], admin);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /centros\.csv: 2 filas, 1 creadas, 1 ya existían, 0 fallidas/);
    assert.equal(admin.centers.filter((c) => c.nombre === 'Clínica Centro').length, 1);
  });
});
