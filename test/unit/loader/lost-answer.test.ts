import { after, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CenterFate, FakeAdmin, runCli } from '../../support/loader-fake-admin';

/**
 * A center create whose answer never arrives: admin may have stored it (the
 * connection lost after its commit; on PostgreSQL a COMMIT whose own answer
 * was lost, which admin answers 503). Centers have no unique key, so a blind
 * resend would make the center twice; an account's resend comes back 409 and
 * is recognised as the row's, a booking carries its Idempotency-Key.
 */
describe('a center whose create answer was lost is not created twice', () => {
  let admin: FakeAdmin;
  let dataDir: string;
  const CENTERS = 'nombre,direccion\nClínica Centro,Calle Mayor 1\nClínica Norte,Avenida del Norte 20\n';

  /** Loses the answer of the first create of `nombre` as `fate`; every other create is answered. */
  const loseOnce = (nombre: string, fate: CenterFate): void => {
    let lost = false;
    admin.centerFate = (center) => {
      if (center.nombre !== nombre || lost) return 'answered';
      lost = true;
      return fate;
    };
  };
  const named = (nombre: string): number => admin.centers.filter((c) => c.nombre === nombre).length;

  beforeEach(async () => {
    await admin?.stop();
    admin = await new FakeAdmin().start();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = mkdtempSync(join(tmpdir(), 'odontocare-loader-lost-'));
    writeFileSync(join(dataDir, 'usuarios.csv'), 'username,password,rol\nadmin,OdontoCare2026!,admin\n');
    writeFileSync(join(dataDir, 'centros.csv'), CENTERS);
    writeFileSync(join(dataDir, 'doctores.csv'), 'nombre,especialidad,username,password\n');
    writeFileSync(join(dataDir, 'pacientes.csv'), 'nombre,telefono,estado,username,password\n');
  });
  after(async () => {
    await admin?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const [fate, how] of [
    ['lost-after-commit', 'the connection is lost after admin stored it'],
    ['503-after-commit', 'admin stored it and answered 503 (its COMMIT\'s answer lost)'],
  ] as const) {
    it(`${how}: the loader finds it in the centers list, counts it created and does not send it again; exit 0`, async () => {
      loseOnce('Clínica Centro', fate);

      const run = await runCli(['--data', dataDir], admin);

      assert.equal(run.code, 0, run.out + run.err);
      assert.equal(named('Clínica Centro'), 1, 'one Clínica Centro, not two');
      assert.equal(named('Clínica Norte'), 1);
      assert.match(run.out, /centros\.csv: 2 filas, 2 creadas, 0 ya existían, 0 fallidas/);

      const again = await runCli(['--data', dataDir], admin);
      assert.match(again.out, /centros\.csv: 2 filas, 0 creadas, 2 ya existían, 0 fallidas/);
      assert.equal(admin.centers.length, 2);
    });
  }

  it('the connection is lost before admin stored it: the list does not hold it, so it is sent again and made once', async () => {
    loseOnce('Clínica Centro', 'lost-before-commit');

    const run = await runCli(['--data', dataDir], admin);

    assert.equal(run.code, 0, run.out + run.err);
    assert.equal(named('Clínica Centro'), 1);
    assert.match(run.out, /centros\.csv: 2 filas, 2 creadas, 0 ya existían, 0 fallidas/);
  });

  it('when the list cannot be read to find out, the row fails saying it may be in, and is not sent again; the other center goes in; exit 1', async () => {
    let lost = false;
    admin.centerFate = (center) => {
      if (center.nombre !== 'Clínica Centro' || lost) return 'answered';
      lost = true;
      admin.centersUnreadable = true; // the list read before the rows worked; the one asked after the loss does not
      return 'lost-after-commit';
    };

    const run = await runCli(['--data', dataDir], admin);

    assert.equal(run.code, 1, run.out + run.err);
    assert.equal(named('Clínica Centro'), 1, 'not sent a second time on a guess');
    assert.equal(named('Clínica Norte'), 1);
    assert.match(run.err, /✗ centros\.csv línea 2: .*no se sabe si .*creado.*vuelva a cargar/i);
    assert.match(run.out, /centros\.csv: 2 filas, 1 creadas, 0 ya existían, 1 fallidas/);
    // nothing in the file to correct: the closing words must not send the IT person looking for a mistake
    assert.doesNotMatch(run.err, /corrija el archivo/);
    assert.match(run.err, /1 fila\(s\) pueden haberse cargado o no/);
  });
});

/**
 * Ctrl-C while a center's 503 is waited out. The 503 may follow a COMMIT
 * that went in (admin on PostgreSQL), so the answer the loader holds when the
 * wait is cut short does not say whether the center is there: the summary
 * must say what admin holds, and a re-run must neither make it twice nor
 * leave it out.
 */
describe('Ctrl-C while a center waits out a 503 with Retry-After', () => {
  let admin: FakeAdmin;
  let dataDir: string;
  let interrupt: AbortController;
  const named = (nombre: string): number => admin.centers.filter((c) => c.nombre === nombre).length;

  /** The first create of Clínica Centro meets `fate`, a 503 asking for 20 s, and Ctrl-C comes while the loader waits. */
  const ctrlCWhileWaiting = (fate: CenterFate): void => {
    let met = false;
    admin.centerFate = (center) => {
      if (center.nombre !== 'Clínica Centro' || met) return 'answered';
      met = true;
      return fate;
    };
    admin.retryAfter503 = '20';
    admin.after503 = () => interrupt.abort();
  };

  beforeEach(async () => {
    await admin?.stop();
    admin = await new FakeAdmin().start();
    interrupt = new AbortController();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = mkdtempSync(join(tmpdir(), 'odontocare-loader-lost-'));
    writeFileSync(join(dataDir, 'usuarios.csv'), 'username,password,rol\nadmin,OdontoCare2026!,admin\n');
    writeFileSync(join(dataDir, 'centros.csv'), 'nombre,direccion\nClínica Centro,Calle Mayor 1\nClínica Norte,Avenida del Norte 20\n');
    writeFileSync(join(dataDir, 'doctores.csv'), 'nombre,especialidad,username,password\n');
    writeFileSync(join(dataDir, 'pacientes.csv'), 'nombre,telefono,estado,username,password\n');
  });
  after(async () => {
    await admin?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('admin had stored it: counted created, not failed, not sent again; a re-run counts it "ya existían"', async () => {
    ctrlCWhileWaiting('503-after-commit');

    const run = await runCli(['--data', dataDir], admin, interrupt.signal);

    assert.equal(run.code, 130, run.out + run.err);
    assert.equal(admin.count('POST /admin/centros'), 2, 'no center sent again after Ctrl-C');
    assert.deepEqual([run.clock.waits.length, run.clock.waitsFor(20)], [1, 1], `the 20 s asked for, cut short: ${run.clock.waits}`);
    assert.doesNotMatch(run.err, /✗ centros\.csv/);
    assert.match(run.out, /centros\.csv: 2 filas, 2 creadas, 0 ya existían, 0 fallidas/);

    const again = await runCli(['--data', dataDir], admin);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /centros\.csv: 2 filas, 0 creadas, 2 ya existían, 0 fallidas/);
    assert.equal(named('Clínica Centro'), 1);
  });

  it('admin had not stored it: it fails with its 503 and is not sent again; a re-run creates it once', async () => {
    ctrlCWhileWaiting('503-before-commit');

    const run = await runCli(['--data', dataDir], admin, interrupt.signal);

    assert.equal(run.code, 130, run.out + run.err);
    assert.equal(admin.count('POST /admin/centros'), 2, 'no center sent again after Ctrl-C');
    assert.deepEqual([run.clock.waits.length, run.clock.waitsFor(20)], [1, 1], `the 20 s asked for, cut short: ${run.clock.waits}`);
    assert.match(run.err, /✗ centros\.csv línea 2: SERVICIO_NO_DISPONIBLE/);
    assert.match(run.out, /centros\.csv: 2 filas, 1 creadas, 0 ya existían, 1 fallidas/);
    assert.equal(named('Clínica Centro'), 0);

    const again = await runCli(['--data', dataDir], admin);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /centros\.csv: 2 filas, 1 creadas, 1 ya existían, 0 fallidas/);
    assert.equal(named('Clínica Centro'), 1);
  });

  it('the list cannot be read to find out: the row says its outcome is unknown and what a re-run does; the re-run counts it once', async () => {
    ctrlCWhileWaiting('503-after-commit');
    admin.after503 = () => {
      admin.centersUnreadable = true;
      interrupt.abort();
    };

    const run = await runCli(['--data', dataDir], admin, interrupt.signal);

    assert.equal(run.code, 130, run.out + run.err);
    assert.equal(admin.count('POST /admin/centros'), 2, 'no center sent again after Ctrl-C');
    assert.deepEqual([run.clock.waits.length, run.clock.waitsFor(20)], [1, 1], `the 20 s asked for, cut short: ${run.clock.waits}`);
    assert.match(run.err, /✗ centros\.csv línea 2: CENTRO_SIN_CONFIRMAR — .*no se sabe si .*creado.*vuelva a cargar/i);

    admin.centersUnreadable = false;
    const again = await runCli(['--data', dataDir], admin);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /centros\.csv: 2 filas, 0 creadas, 2 ya existían, 0 fallidas/);
    assert.equal(named('Clínica Centro'), 1);
  });
});
