import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OPTIONS, generateData, writeData } from '../../../loader/generate-data';
import { load, type LoadOptions } from '../../../loader/load';
import { FakeAdmin, runCli } from '../../support/loader-fake-admin';

/**
 * A 409 from a create only says that the username is taken, not by whom. The
 * loader counts a row "ya existía" only when the account holding the username
 * is that row's (same role; for doctores.csv and pacientes.csv the doctor or
 * patient linked to it, with the row's name), and it finds out with a few
 * list requests per run, not one per row.
 */

/** Lines 2.. of a CSV: the row whose username is `username`. */
function lineOf(file: string, username: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((l) => l.split(',').includes(username));
  assert.ok(index > 0, `${username} is in ${file}`);
  return index + 1;
}

describe('a 409 counts as "ya existía" only when the account holding the username is the row\'s', () => {
  let admin: FakeAdmin;
  let dataDir: string;
  const options = (): LoadOptions => ({ dataDir, adminUrl: admin.url, citasUrl: admin.url, book: false, schedules: false });
  const csv = (file: string): string => join(dataDir, file);

  beforeEach(async () => {
    await admin?.stop();
    admin = await new FakeAdmin().start();
    rmSync(dataDir ?? join(tmpdir(), 'none'), { recursive: true, force: true });
    dataDir = mkdtempSync(join(tmpdir(), 'odontocare-loader-409-'));
    writeData(dataDir, generateData({ ...DEFAULT_OPTIONS, users: 3, centers: 2, doctors: 3, patients: 4 }));
  });
  after(async () => {
    await admin?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a doctores.csv row whose username an existing secretaria holds fails, naming file, line and the secretaria; exit 1', async () => {
    appendFileSync(csv('doctores.csv'), 'Lucía Romero Gil,Ortodoncia,lucia.romero,Clave2026lr\n');
    admin.addUser('Lucia.Romero', 'secretaria');
    const line = lineOf(csv('doctores.csv'), 'lucia.romero');

    const run = await runCli(['--data', dataDir], admin);

    assert.equal(run.code, 1, run.out);
    assert.match(run.err, new RegExp(`✗ doctores\\.csv línea ${line}: USUARIO_DUPLICADO — .*"lucia\\.romero".*secretaria`));
    assert.match(run.err, /Lucía Romero Gil/, 'says which doctor was not created');
    assert.match(run.out, /doctores\.csv: 4 filas, 3 creadas, 0 ya existían, 1 fallidas/);
    assert.equal(admin.doctors.length, 3, 'the doctor was not created');
  });

  it('a doctores.csv row whose username another doctor (another name) or a patient holds fails, saying who', async () => {
    appendFileSync(csv('doctores.csv'), 'Lucía Romero Gil,Ortodoncia,lucia.romero,Clave2026lr\n');
    appendFileSync(csv('doctores.csv'), 'Marcos Peña Sáez,Endodoncia,marcos.pena,Clave2026mp\n');
    admin.addDoctor('Lucía Romero Vidal', 'Ortodoncia', 'lucia.romero');
    admin.addPatient('Marcos Peña Sáez', '+34612345678', 'marcos.pena');

    const result = await load(options());

    assert.equal(result.ok, false);
    const doctors = result.failures.filter((f) => f.file === 'doctores.csv');
    assert.deepEqual(
      doctors.map((f) => [f.line, f.code]),
      [
        [lineOf(csv('doctores.csv'), 'lucia.romero'), 'USUARIO_DUPLICADO'],
        [lineOf(csv('doctores.csv'), 'marcos.pena'), 'USUARIO_DUPLICADO'],
      ],
    );
    assert.match(doctors[0].detail, /doctor "Lucía Romero Vidal"/);
    assert.match(doctors[1].detail, /paciente "Marcos Peña Sáez"/);
    assert.deepEqual(result.files.find((f) => f.file === 'doctores.csv'), { file: 'doctores.csv', rows: 5, created: 3, existing: 0, failed: 2 });
  });

  it('a pacientes.csv row whose username another patient or a doctor holds fails, saying who', async () => {
    appendFileSync(csv('pacientes.csv'), 'Ana Torres Gil,+34 600 111 222,ACTIVO,ana.torres,Clave2026at\n');
    appendFileSync(csv('pacientes.csv'), 'Luis Moreno Sanz,+34 600 333 444,,luis.moreno,Clave2026lm\n');
    admin.addPatient('Ana Torres Ruiz', '+34600111222', 'ana.torres');
    admin.addDoctor('Luis Moreno Sanz', 'Periodoncia', 'luis.moreno');

    const result = await load(options());

    const patients = result.failures.filter((f) => f.file === 'pacientes.csv');
    assert.deepEqual(
      patients.map((f) => f.line),
      [lineOf(csv('pacientes.csv'), 'ana.torres'), lineOf(csv('pacientes.csv'), 'luis.moreno')],
    );
    assert.match(patients[0].detail, /paciente "Ana Torres Ruiz"/);
    assert.match(patients[1].detail, /doctor "Luis Moreno Sanz"/);
    assert.equal(result.ok, false);
  });

  it('a usuarios.csv row whose username an account of another role holds fails, saying which', async () => {
    appendFileSync(csv('usuarios.csv'), 'marta.gil,Clave2026mg,secretaria\n');
    appendFileSync(csv('usuarios.csv'), 'jefe.clinica,Clave2026jc,secretaria\n');
    admin.addDoctor('Marta Gil Soto', 'Ortodoncia', 'marta.gil');
    admin.addUser('jefe.clinica', 'admin');

    const result = await load(options());

    const users = result.failures.filter((f) => f.file === 'usuarios.csv');
    assert.deepEqual(
      users.map((f) => [f.line, f.code]),
      [
        [lineOf(csv('usuarios.csv'), 'marta.gil'), 'USUARIO_DUPLICADO'],
        [lineOf(csv('usuarios.csv'), 'jefe.clinica'), 'USUARIO_DUPLICADO'],
      ],
    );
    assert.match(users[0].detail, /doctor "Marta Gil Soto"/);
    assert.match(users[1].detail, /cuenta admin/);
  });

  it('an account created by someone else after the users were listed is found by listing them once more', async () => {
    // a secretaria of an earlier run: her row's 409 lists the users, and then lucia.romero is created elsewhere
    appendFileSync(csv('usuarios.csv'), 'pilar.sanz,Clave2026ps,secretaria\n');
    admin.addUser('pilar.sanz', 'secretaria');
    admin.afterUsersListed = () => admin.addUser('lucia.romero', 'secretaria');
    appendFileSync(csv('doctores.csv'), 'Lucía Romero Gil,Ortodoncia,lucia.romero,Clave2026lr\n');

    const result = await load(options());

    assert.deepEqual(result.failures.map((f) => [f.file, f.line]), [['doctores.csv', lineOf(csv('doctores.csv'), 'lucia.romero')]]);
    assert.match(result.failures[0].detail, /"lucia\.romero" ya lo tiene una cuenta secretaria/);
    assert.equal(admin.count('GET /admin/usuario'), 2);
  });

  it('when the users list cannot be read, every 409 row is of unknown outcome, saying so (none is "ya existía", none a row to correct), and no row reads the list twice', async () => {
    assert.equal((await load(options())).ok, true);
    admin.usersUnreadable = true;
    admin.requests.length = 0;

    const result = await load(options());

    assert.equal(result.ok, false);
    assert.deepEqual(result.files.map((f) => [f.file, f.existing, f.failed]), [
      ['usuarios.csv', 1, 2], // the admin logged in needs no list
      ['centros.csv', 2, 0],
      ['doctores.csv', 0, 3],
      ['pacientes.csv', 0, 4],
    ]);
    assert.ok(
      result.failures.every((f) => f.code === 'CUENTA_SIN_CONFIRMAR' && f.unknown === true && /no se pudo comprobar.*ERROR_INTERNO/.test(f.detail)),
      JSON.stringify(result.failures),
    );
    // a failed read is not kept: each file's 409s read the list again, but no row reads it twice
    const reads = admin.count('GET /admin/usuario');
    assert.ok(reads >= 3 && reads <= 9, `${reads} reads of the users list for 9 rows in three files`);
  });

  it('a re-run after editing a phone or a specialty counts the row "ya existía" and says what differs; exit 0', async () => {
    assert.equal((await load(options())).ok, true);
    const doctors = readFileSync(csv('doctores.csv'), 'utf8').split('\n');
    const [nombre, , doctorUser] = doctors[1].split(',');
    doctors[1] = [nombre, 'Cirugía oral', doctorUser, 'Otra2026clave'].join(',');
    writeFileSync(csv('doctores.csv'), doctors.join('\n'));
    const patients = readFileSync(csv('pacientes.csv'), 'utf8').split('\n');
    const cells = patients[2].split(',');
    const patientUser = cells[3];
    cells[1] = '+34 699 000 111';
    patients[2] = cells.join(',');
    writeFileSync(csv('pacientes.csv'), patients.join('\n'));

    const run = await runCli(['--data', dataDir], admin);

    assert.equal(run.code, 0, run.err);
    assert.equal(run.err, '');
    assert.match(run.out, /doctores\.csv: 3 filas, 0 creadas, 3 ya existían, 0 fallidas/);
    assert.match(run.out, /pacientes\.csv: 4 filas, 0 creadas, 4 ya existían, 0 fallidas/);
    assert.match(run.out, new RegExp(`doctores\\.csv línea 2: .*${doctorUser.replace(/\./g, '\\.')}.*especialidad.*Cirugía oral`));
    assert.match(run.out, new RegExp(`pacientes\\.csv línea 3: .*${patientUser.replace(/\./g, '\\.')}.*telefono.*\\+34 699 000 111`));
    assert.equal(run.out.match(/^ℹ /gm)?.length, 2, 'only the two edited rows have a note (the password of the doctor is not checkable)');
  });
});

describe('a second run over a whole clinic checks its 409s with a few list requests, not one per row', () => {
  let admin: FakeAdmin;
  let dataDir: string;
  const SIZE = { ...DEFAULT_OPTIONS, users: 5, centers: 2, doctors: 4, patients: 230 };

  before(async () => {
    admin = await new FakeAdmin().start();
    dataDir = mkdtempSync(join(tmpdir(), 'odontocare-loader-409-big-'));
    writeData(dataDir, generateData(SIZE));
  });
  after(async () => {
    await admin?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const lists = (): number[] => ['GET /admin/usuario', 'GET /admin/doctores', 'GET /admin/pacientes'].map((r) => admin.count(r));

  it('the first run (only the bootstrap admin is there) lists no users, doctors or patients', async () => {
    const result = await load({ dataDir, adminUrl: admin.url, citasUrl: admin.url, book: false, schedules: false });

    assert.equal(result.ok, true, JSON.stringify(result.failures));
    assert.deepEqual(result.files.map((f) => [f.file, f.created, f.existing]), [
      ['usuarios.csv', 4, 1],
      ['centros.csv', 2, 0],
      ['doctores.csv', 4, 0],
      ['pacientes.csv', 230, 0],
    ]);
    assert.deepEqual(lists(), [0, 0, 0], 'the admin of usuarios.csv line 2 is the one logged in: no list needed');
  });

  it('the second run counts every row "ya existían", exits 0, and lists each of users, doctors and patients once (all pages)', async () => {
    admin.requests.length = 0;

    const result = await load({ dataDir, adminUrl: admin.url, citasUrl: admin.url, book: false, schedules: false, concurrency: 8 });

    assert.equal(result.ok, true, JSON.stringify(result.failures));
    assert.deepEqual(result.files.map((f) => [f.file, f.created, f.existing, f.failed]), [
      ['usuarios.csv', 0, 5, 0],
      ['centros.csv', 0, 2, 0],
      ['doctores.csv', 0, 4, 0],
      ['pacientes.csv', 0, 230, 0],
    ]);
    const pages = (n: number): number => Math.ceil(n / 100);
    assert.deepEqual(lists(), [pages(admin.users.length), pages(admin.doctors.length), pages(admin.patients.length)]);
    const creates = admin.requests.filter((r) => r.startsWith('POST /admin/')).length;
    assert.equal(creates, 5 + 4 + 230, 'one create per row (centers are listed first), as before');
  });

  it('--dry-run still sends nothing', async () => {
    admin.requests.length = 0;
    const result = await load({ dataDir, adminUrl: admin.url, citasUrl: admin.url, dryRun: true });
    assert.equal(result.ok, true);
    assert.deepEqual(admin.requests, []);
  });
});
