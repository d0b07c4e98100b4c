import { after, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeAdmin, runCli } from '../../support/loader-fake-admin';

/**
 * A password cell with spaces before or after it. Admin takes such a
 * password as it is (its policy counts a space as a character), so the
 * loader would create an account whose password the person cannot type back
 * without knowing the sheet's stray space, or, trimming it, a credential
 * other than the one written. Neither is the loader's to guess: the row is
 * refused, saying why, and never sent.
 */
describe('a password cell with spaces around it is refused, not sent', () => {
  let admin: FakeAdmin;
  let dataDir: string;
  const write = (files: Partial<Record<'usuarios' | 'centros' | 'doctores' | 'pacientes', string>>): void => {
    writeFileSync(join(dataDir, 'usuarios.csv'), files.usuarios ?? 'username,password,rol\nadmin,OdontoCare2026!,admin\n');
    writeFileSync(join(dataDir, 'centros.csv'), files.centros ?? 'nombre,direccion\n');
    writeFileSync(join(dataDir, 'doctores.csv'), files.doctores ?? 'nombre,especialidad,username,password\n');
    writeFileSync(join(dataDir, 'pacientes.csv'), files.pacientes ?? 'nombre,telefono,estado,username,password\n');
  };
  const usernames = (): string[] => admin.users.map((u) => u.username);

  beforeEach(async () => {
    await admin?.stop();
    admin = await new FakeAdmin().start();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = mkdtempSync(join(tmpdir(), 'odontocare-loader-password-'));
  });
  after(async () => {
    await admin?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a usuarios.csv or pacientes.csv row whose password has a space before or after fails by file and line, without printing the password; the other rows go in; exit 1', async () => {
    write({
      usuarios: 'username,password,rol\nadmin,OdontoCare2026!,admin\nlucia.mora,Recepcion2026lm ,secretaria\nmarta.sanz,Recepcion2026ms,secretaria\n',
      pacientes: 'nombre,telefono,estado,username,password\nIrene Vidal,+34 611 000 001,,irene.vidal, Clave2026iv\nTomás Gil,+34 611 000 002,,tomas.gil,Clave 2026 tg\n',
    });

    const run = await runCli(['--data', dataDir], admin);

    assert.equal(run.code, 1, run.out + run.err);
    assert.match(run.err, /✗ usuarios\.csv línea 3: .*contraseña.*espacio/i);
    assert.match(run.err, /✗ pacientes\.csv línea 2: .*contraseña.*espacio/i);
    assert.doesNotMatch(run.err, /Recepcion2026lm|Clave2026iv/, 'a password never reaches the terminal');
    assert.match(run.out, /usuarios\.csv: 3 filas, 1 creadas, 1 ya existían, 1 fallidas/);
    assert.match(run.out, /pacientes\.csv: 2 filas, 1 creadas, 0 ya existían, 1 fallidas/);
    assert.ok(!usernames().includes('lucia.mora'), 'the secretaria was not created');
    assert.ok(!usernames().includes('irene.vidal'), 'the patient was not created');
    assert.ok(usernames().includes('marta.sanz'));
    assert.ok(usernames().includes('tomas.gil'), 'spaces inside a password are the password');
  });

  it('--dry-run reports the same rows, sending nothing', async () => {
    write({ doctores: 'nombre,especialidad,username,password\nAna Ruiz,Ortodoncia,ana.ruiz,Clave2026ar\t\n' });

    const run = await runCli(['--data', dataDir, '--dry-run'], admin);

    assert.equal(run.code, 1, run.out + run.err);
    assert.match(run.err, /✗ doctores\.csv línea 2: .*contraseña.*espacio/i);
    assert.deepEqual(admin.requests, []);
  });

  it('the admin row of usuarios.csv with such a password stops the run naming its line, instead of a failed login', async () => {
    write({ usuarios: 'username,password,rol\nadmin,OdontoCare2026! ,admin\n' });

    const run = await runCli(['--data', dataDir], admin);

    assert.equal(run.code, 2, run.out + run.err);
    assert.match(run.err, /usuarios\.csv línea 2: .*contraseña.*espacio/i);
    assert.ok(!admin.requests.includes('POST /auth/login'), 'it did not log in with a guess');
  });
});
