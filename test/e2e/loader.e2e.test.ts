import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readCsv } from '../../loader/csv';
import { DEFAULT_OPTIONS, generateData, writeData } from '../../loader/generate-data';
import { load } from '../../loader/load';
import { silentEvents } from '../../loader/report';
import { main } from '../../loader/main';
import { startTestSystem, type TestSystem } from '../support/citas';
import { listenOnLoopback } from '../support/loopback-server';

/**
 * The loader run against both real services (in-process, temporary data):
 * what an operator does with `npm run load`. A small generated data set keeps
 * the Argon2 cost of creating accounts low.
 */
const SMALL = { ...DEFAULT_OPTIONS, users: 3, centers: 2, doctors: 2, patients: 5 };

interface Captured {
  code: number;
  out: string;
  err: string;
}

async function runCli(args: string[], env: Record<string, string>): Promise<Captured> {
  let out = '';
  let err = '';
  const code = await main(args, env, {
    out: { write: (t: string) => (out += t), isTTY: false },
    err: { write: (t: string) => (err += t), isTTY: false },
  });
  return { code, out, err };
}

/**
 * `npm run load` as a process of its own, so that it can be sent a real
 * SIGINT (Ctrl-C): `interrupt` is called on each stdout chunk with all of
 * stdout so far and sends it when it answers true.
 */
function runLoaderProcess(args: string[], env: Record<string, string>, interrupt: (out: string) => boolean): Promise<Captured & { signal: string | null }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(resolve(__dirname, '..', '..'), 'loader', 'main.ts'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 240_000,
    });
    let out = '';
    let err = '';
    let sent = false;
    child.stdout.on('data', (d) => {
      out += d;
      if (!sent && interrupt(out)) sent = child.kill('SIGINT');
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code: code ?? -1, signal, out, err }));
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function rowsOf(dir: string, file: string, columns: string[]): number {
  return readCsv(join(dir, file), columns).rows.length;
}

describe('loader against the real admin and citas services', () => {
  let sys: TestSystem;
  let env: Record<string, string>;
  const dirs: string[] = [];
  let good: string;

  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'odontocare-loader-'));
    dirs.push(dir);
    return dir;
  };

  /** Totals the admin API lists: what a user of the system would see. */
  async function totals(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const list of ['usuario', 'doctores', 'pacientes', 'centros']) {
      const res = await sys.admin.get(`/admin/${list}?page_size=1`, sys.adminToken);
      assert.equal(res.status, 200);
      out[list] = res.body.total;
    }
    const citas = await sys.citas.get('/citas?page_size=1', sys.adminToken);
    out.citas = citas.body.total;
    return out;
  }

  before(async () => {
    sys = await startTestSystem();
    env = { ADMIN_URL: sys.admin.url, CITAS_URL: sys.citas.url };
    good = tempDir();
    writeData(good, generateData(SMALL));
  });

  after(async () => {
    await sys?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('loads every row of the CSVs, gives every doctor a weekly schedule, books one cita at 10:00 on a weekday the doctor works and exits 0', async () => {
    const users = rowsOf(good, 'usuarios.csv', ['username', 'password', 'rol']);
    const doctors = rowsOf(good, 'doctores.csv', ['nombre', 'especialidad', 'username', 'password']);
    const patients = rowsOf(good, 'pacientes.csv', ['nombre', 'telefono', 'estado', 'username', 'password']);
    const centers = rowsOf(good, 'centros.csv', ['nombre', 'direccion']);

    const run = await runCli(['--data', good], env);

    assert.equal(run.code, 0, run.err);
    assert.equal(run.err, '');
    assert.match(run.out, /usuarios\.csv\s+2\s+1\s+0/, 'the bootstrap admin of row 1 was already there');
    assert.match(run.out, /pacientes\.csv\s+5\s+0\s+0/);
    assert.match(run.out, /Horarios: [1-9]\d* definidos, 0 doctores ya tenían horario, 0 errores/);
    assert.deepEqual(await totals(), {
      usuario: users + doctors + patients, // every doctor and patient has its own account
      doctores: doctors,
      pacientes: patients,
      centros: centers,
      citas: 1,
    });
    const json = run.out.slice(run.out.indexOf('Cita reservada:') + 'Cita reservada:'.length);
    const cita = JSON.parse(json);
    assert.equal(cita.estado, 'Programada');
    assert.match(cita.fecha, /T10:00:00\+0[12]:00$/);
    assert.ok(Date.parse(cita.fecha) > Date.now());
    const weekday = new Date(`${cita.fecha.slice(0, 10)}T12:00:00Z`).getUTCDay();
    assert.ok(weekday >= 1 && weekday <= 5, `weekday ${weekday}`);
    const patient = await sys.admin.get(`/admin/pacientes/${cita.id_paciente}`, sys.adminToken);
    assert.equal(patient.body.estado, 'ACTIVO');
  });

  it('run again: nothing is created twice, everything is "already there", the same cita is reported', async () => {
    const before = await totals();
    const first = await sys.citas.get('/citas', sys.adminToken);

    const result = await load({ dataDir: good, adminUrl: sys.admin.url, citasUrl: sys.citas.url });

    assert.equal(result.ok, true, JSON.stringify(result.failures));
    assert.deepEqual(
      result.files.map((f) => [f.file, f.created, f.existing, f.failed]),
      [
        ['usuarios.csv', 0, 3, 0],
        ['centros.csv', 0, 2, 0],
        ['doctores.csv', 0, 2, 0],
        ['pacientes.csv', 0, 5, 0],
      ],
    );
    assert.equal(result.cita?.status, 'existente');
    assert.equal(result.cita?.cita.id_cita, first.body.items[0].id_cita);
    assert.equal(result.schedules?.set.length, 0, 'no schedule is written twice');
    assert.ok(result.schedules && result.schedules.skipped.length > 0);
    assert.deepEqual(await totals(), before);

    const cli = await runCli(['--data', good], env);
    assert.equal(cli.code, 0, cli.err);
    assert.match(cli.out, /ya estaba reservada/);
    assert.deepEqual(await totals(), before);
  });

  it('a doctores.csv row whose username an existing secretaria holds is not "ya existía": it fails by file and line, saying who holds it, and the run exits 1', async () => {
    const secretaria = await sys.admin.post('/admin/usuario', { username: 'lucia.romero', password: 'Recepcion2026lr', rol: 'secretaria' }, sys.adminToken);
    assert.equal(secretaria.status, 201);
    const taken = tempDir();
    cpSync(good, taken, { recursive: true });
    // doctores.csv has 2 rows (lines 2-3): this is line 4
    appendFileSync(join(taken, 'doctores.csv'), 'Lucía Romero Gil,Ortodoncia,Lucia.Romero,Clave2026lr\n');
    const before = await totals();

    const run = await runCli(['--data', taken, '--no-cita'], env);

    assert.equal(run.code, 1, run.out);
    assert.match(run.err, /✗ doctores\.csv línea 4: USUARIO_DUPLICADO — .*"lucia\.romero".*secretaria.*Lucía Romero Gil/);
    assert.match(run.out, /doctores\.csv: 3 filas, 0 creadas, 2 ya existían, 1 fallidas/);
    assert.match(run.err, /1 fila\(s\) no se cargaron/);
    assert.deepEqual(await totals(), before, 'no doctor was created');

    // the shipped rows alone are still all "ya existían", with exit 0
    const plain = await runCli(['--data', good, '--no-cita'], env);
    assert.equal(plain.code, 0, plain.err);
    assert.match(plain.out, /total\s+0\s+12\s+0/);
  });

  it('names each bad row by file and line with the API reason, loads the good ones and exits 1', async () => {
    const bad = tempDir();
    cpSync(good, bad, { recursive: true });
    const takenUsername = readCsv(join(good, 'usuarios.csv'), ['username', 'password', 'rol']).rows[1].values.username;
    // usuarios.csv has 3 rows (lines 2-4): these are lines 5, 6 and 7
    appendFileSync(join(bad, 'usuarios.csv'), 'carmen.diaz,Recepcion2026c,recepcionista\n');
    appendFileSync(join(bad, 'usuarios.csv'), `${takenUsername},Otra2026clave,secretaria\n`);
    appendFileSync(join(bad, 'usuarios.csv'), 'nuevo.usuario,Nuevo2026clave,secretaria\n');
    // pacientes.csv has 5 rows (lines 2-6): these are lines 7, 8 and 9
    appendFileSync(join(bad, 'pacientes.csv'), 'Ana Torres Gil,12345,ACTIVO,ana.torres.gil,Clave9876ab\n');
    appendFileSync(join(bad, 'pacientes.csv'), ',+34 600 111 222,ACTIVO,luis.moreno.sanz,Clave9876cd\n');
    appendFileSync(join(bad, 'pacientes.csv'), '"Ruiz Soler, Marta",+34 611 222 333,ACTIVO,marta.ruiz.soler,Clave2026mr\n');
    const before = await totals();

    const run = await runCli(['--data', bad, '--no-cita'], env);

    assert.equal(run.code, 1);
    assert.match(run.err, /usuarios\.csv línea 5: VALIDACION — rol: /);
    assert.match(run.err, new RegExp(`usuarios\\.csv línea 6: USUARIO_DUPLICADO — El usuario "${takenUsername}" ya aparece en usuarios\\.csv línea 3`));
    assert.match(run.err, /pacientes\.csv línea 7: VALIDACION — telefono: /);
    assert.match(run.err, /pacientes\.csv línea 8: VALIDACION — nombre: /);
    assert.match(run.err, /4 fila\(s\) no se cargaron/);
    const after = await totals();
    assert.equal(after.usuario, before.usuario + 2, 'nuevo.usuario and the account of Marta');
    assert.equal(after.pacientes, before.pacientes + 1);
    const marta = await sys.admin.get('/admin/pacientes?q=marta', sys.adminToken);
    assert.equal(marta.body.items[0].nombre, 'Ruiz Soler, Marta');

    // and the same bad rows are reported again on a re-run, with nothing created twice
    const again = await load({ dataDir: bad, adminUrl: sys.admin.url, citasUrl: sys.citas.url, book: false });
    assert.equal(again.ok, false);
    assert.deepEqual(
      again.failures.map((f) => [f.file, f.line, f.code]),
      [
        ['usuarios.csv', 5, 'VALIDACION'],
        ['usuarios.csv', 6, 'USUARIO_DUPLICADO'],
        ['pacientes.csv', 7, 'VALIDACION'],
        ['pacientes.csv', 8, 'VALIDACION'],
      ],
    );
    assert.equal(again.files.reduce((n, f) => n + f.created, 0), 0);
    assert.deepEqual(await totals(), after);
  });

  it('--dry-run validates every row with the API rules and sends nothing', async () => {
    const fresh = tempDir();
    writeData(fresh, generateData({ ...SMALL, seed: 7 }));
    appendFileSync(join(fresh, 'pacientes.csv'), 'Ana Torres Gil,12345,ACTIVO,ana.torres.gil,Clave9876ab\n');
    const before = await totals();

    const run = await runCli(['--data', fresh, '--dry-run'], env);

    assert.equal(run.code, 1, 'a bad row makes the dry run fail too');
    assert.match(run.err, /pacientes\.csv línea 7: VALIDACION — telefono: Debe ser un teléfono español/);
    assert.match(run.out, /pacientes\.csv: 6 filas, 5 válidas, 1 con errores/);
    assert.match(run.out, /no se ha enviado nada/);
    assert.deepEqual(await totals(), before);

    // nothing is sent at all: it works with no service listening
    const nowhere = `http://127.0.0.1:${await closedPort()}`;
    const offline = await runCli(['--data', good, '--dry-run'], { ADMIN_URL: nowhere, CITAS_URL: nowhere });
    assert.equal(offline.code, 0, offline.err);
  });

  it('refuses Excel\'s Windows-1252 export before sending any row, naming each file and its first bad line; --encoding windows-1252 loads it with every accent intact', async () => {
    const excel = tempDir();
    writeData(excel, generateData({ ...SMALL, seed: 11 }));
    const firstAccent: Record<string, number> = {};
    for (const file of ['usuarios.csv', 'centros.csv', 'doctores.csv', 'pacientes.csv']) {
      const text = readFileSync(join(excel, file), 'utf8');
      const line = text.split('\n').findIndex((l) => /[^\x00-\x7f]/.test(l));
      if (line >= 0) firstAccent[file] = line + 1;
      assert.ok(![...text].some((ch) => ch.codePointAt(0)! > 0xff), `${file}: Latin-1 only, so the test can write it as Windows-1252`);
      writeFileSync(join(excel, file), Buffer.from(text, 'latin1'));
    }
    assert.ok(firstAccent['pacientes.csv'], 'the generated names have accents');
    const before = await totals();

    for (const args of [['--data', excel, '--no-cita'], ['--data', excel, '--dry-run']]) {
      const run = await runCli(args, env);
      assert.equal(run.code, 2, run.err);
      for (const [file, line] of Object.entries(firstAccent)) assert.match(run.err, new RegExp(`${file.replace('.', '\\.')} no está en UTF-8: la línea ${line} `));
      assert.match(run.err, /--encoding windows-1252/);
      assert.doesNotMatch(run.out, /válidas|creadas/);
    }
    assert.deepEqual(await totals(), before, 'nothing was sent');

    const run = await runCli(['--data', excel, '--no-cita', '--encoding', 'windows-1252'], env);
    assert.equal(run.code, 0, run.err);
    const patients = readCsv(join(excel, 'pacientes.csv'), ['nombre', 'telefono', 'estado', 'username', 'password'], 'windows-1252').rows;
    const accented = patients.find((p) => /[^\x00-\x7f]/.test(p.values.nombre))!;
    const found = await sys.admin.get(`/admin/pacientes?q=${encodeURIComponent(accented.values.nombre)}`, sys.adminToken);
    assert.deepEqual(found.body.items.map((p: { nombre: string }) => p.nombre), [accented.values.nombre]);
    assert.doesNotMatch(JSON.stringify(found.body), /\ufffd|Ã/);
  });

  it('stops with a clear message and exit code 2 when a service cannot be reached, before sending anything', async () => {
    const nowhere = `http://127.0.0.1:${await closedPort()}`;
    const before = await totals();

    const noAdmin = await runCli(['--data', good], { ...env, ADMIN_URL: nowhere });
    assert.equal(noAdmin.code, 2);
    assert.match(noAdmin.err, new RegExp(`No se puede conectar con el servicio admin en ${nowhere} .*ADMIN_URL`));

    const fresh = tempDir();
    writeData(fresh, generateData({ ...SMALL, seed: 8 }));
    const noCitas = await runCli(['--data', fresh], { ...env, CITAS_URL: nowhere });
    assert.equal(noCitas.code, 2);
    assert.match(noCitas.err, /No se puede conectar con el servicio citas .*CITAS_URL/);
    assert.deepEqual(await totals(), before, 'nothing was created while citas was down');
  });

  it('reads rol and estado as a spreadsheet writes them (a space after the word, another case, an accent): the row goes in, and a re-run counts it there', async () => {
    const sheet = tempDir();
    // the bootstrap admin's row with "admin " (a space typed after the word): the loader logs in with it;
    // "Secretaría" with the accent a Spanish speaker gives the word, and "ACTÍVO" in pacientes.csv
    writeFileSync(
      join(sheet, 'usuarios.csv'),
      'username,password,rol\r\nadmin,OdontoCare2026!,admin \r\nmarta.sanz.vidal,Recepcion2026ms, Secretaria\r\nnuria.pons.gil,Recepcion2026np,Secretaría\r\n',
    );
    writeFileSync(join(sheet, 'centros.csv'), 'nombre,direccion\r\n');
    writeFileSync(join(sheet, 'doctores.csv'), 'nombre,especialidad,username,password\r\n');
    writeFileSync(
      join(sheet, 'pacientes.csv'),
      'nombre,telefono,estado,username,password\r\n' +
        'Irene Vidal Soto,+34 611 000 001,ACTIVO ,irene.vidal.soto,Clave2026iv\r\n' +
        'Tomás Prieto Gil,+34 611 000 002,Inactivo,tomas.prieto.gil,Clave2026tp\r\n' +
        'Rosa Lara Peña,+34 611 000 003, ,rosa.lara.pena,Clave2026rl\r\n' +
        'Pau Ferrer Roig,+34 611 000 004,ACTÍVO,pau.ferrer.roig,Clave2026pf\r\n',
    );

    const run = (...args: string[]) => runCli(['--data', sheet, '--no-cita', '--no-horarios', ...args], env);
    const dry = await run('--dry-run');
    assert.equal(dry.err, '');
    assert.equal(dry.code, 0);
    const first = await run();
    assert.equal(first.err, '');
    assert.equal(first.code, 0);
    assert.match(first.out, /usuarios\.csv: 3 filas, 2 creadas, 1 ya existían, 0 fallidas/);
    assert.match(first.out, /pacientes\.csv: 4 filas, 4 creadas, 0 ya existían, 0 fallidas/);
    const again = await run();
    assert.equal(again.err, '');
    assert.equal(again.code, 0);
    assert.match(again.out, /usuarios\.csv: 3 filas, 0 creadas, 3 ya existían, 0 fallidas/);
    assert.match(again.out, /pacientes\.csv: 4 filas, 0 creadas, 4 ya existían, 0 fallidas/);
    assert.doesNotMatch(again.out, /ℹ/, 'the estado and rol written otherwise are no difference');
    const estados = await sys.admin.get('/admin/pacientes?q=Prieto', sys.adminToken);
    assert.deepEqual(estados.body.items.map((p: { estado: string }) => p.estado), ['INACTIVO']);
    const rosa = await sys.admin.get('/admin/pacientes?q=Rosa%20Lara', sys.adminToken);
    assert.deepEqual(rosa.body.items.map((p: { estado: string }) => p.estado), ['ACTIVO'], 'a cell of spaces is an empty estado');
    const pau = await sys.admin.get('/admin/pacientes?q=Pau%20Ferrer', sys.adminToken);
    assert.deepEqual(pau.body.items.map((p: { estado: string }) => p.estado), ['ACTIVO']);
    const users = await sys.admin.get('/admin/usuario?page_size=100', sys.adminToken);
    const rolOf = (username: string) => users.body.items.find((u: { username: string }) => u.username === username)?.rol;
    assert.equal(rolOf('marta.sanz.vidal'), 'secretaria');
    assert.equal(rolOf('nuria.pons.gil'), 'secretaria', 'the row with "Secretaría" is a secretaria account');
  });

  it('Ctrl-C stops sending rows, waits for the answers of those sent, reports every one of them and exits 130', async () => {
    const big = tempDir();
    writeData(big, generateData({ ...SMALL, seed: 13, patients: 120 }));
    const before = await totals();

    // Ctrl-C as soon as the patients begin to go in (the files before them are done)
    const run = await runLoaderProcess(['--data', big], env, (out) => out.includes('doctores.csv:'));

    assert.equal(run.signal, null, 'it ends on its own, not killed by the signal');
    assert.equal(run.code, 130, run.err);
    assert.match(run.err, /interrumpid/i);
    const line = /pacientes\.csv: 120 filas, (\d+) creadas, 0 ya existían, 0 fallidas/.exec(run.out);
    assert.ok(line, run.out);
    const after = await totals();
    assert.equal(Number(line[1]), after.pacientes - before.pacientes, 'every patient admin created is reported, and only those');
    assert.ok(after.pacientes - before.pacientes < 120, 'it stopped before the end');
    // the rows dealt with: 3 users, 2 centers, 2 doctors and the patients sent, not the 120 of the file
    assert.match(run.out, new RegExp(`Resumen \\(${7 + Number(line[1])} filas en `));
    assert.equal(after.citas, before.citas, 'no cita is booked after Ctrl-C');
  });

  it('a center whose create answer is lost after the real admin stored it is found by name and address, not created twice', async () => {
    // Between the loader and admin, a relay that hands the first "Clínica  Mar" create to admin, waits for its 201
    // (stored) and then drops the loader's connection: the loader meets a reset and cannot know the center is in.
    let lost: number | undefined; // the status admin gave the create whose answer the relay dropped
    const relay = await listenOnLoopback(async (req, res) => {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const upstream = await fetch(`${sys.admin.url}${req.url}`, {
        method: req.method,
        headers: { 'content-type': 'application/json', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) },
        body: raw || undefined,
      });
      const text = await upstream.text();
      if (req.method === 'POST' && req.url === '/admin/centros' && lost === undefined && raw.includes('Mar')) {
        lost = upstream.status;
        return void req.socket.destroy();
      }
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(text);
    });
    try {
      const sheet = tempDir();
      writeFileSync(join(sheet, 'usuarios.csv'), 'username,password,rol\nadmin,OdontoCare2026!,admin\n');
      // two spaces and an accent in the name, as a sheet may hold them: admin stores "Clínica Mar", found by ?q= all the same
      writeFileSync(join(sheet, 'centros.csv'), 'nombre,direccion\n"Clínica  Mar","Paseo Marítimo 7, bajo"\n');
      writeFileSync(join(sheet, 'doctores.csv'), 'nombre,especialidad,username,password\n');
      writeFileSync(join(sheet, 'pacientes.csv'), 'nombre,telefono,estado,username,password\n');

      const run = await runCli(['--data', sheet, '--no-cita', '--no-horarios'], { ...env, ADMIN_URL: relay.url });

      assert.equal(lost, 201, 'admin stored the center, and its answer was lost');
      assert.equal(run.code, 0, run.out + run.err);
      assert.match(run.out, /centros\.csv: 1 filas, 1 creadas, 0 ya existían, 0 fallidas/);
      const centers = await sys.admin.get(`/admin/centros?q=${encodeURIComponent('Clínica Mar')}&page_size=100`, sys.adminToken);
      assert.deepEqual(centers.body.items.map((c: { nombre: string }) => c.nombre), ['Clínica Mar'], 'one center, not two');
    } finally {
      await relay.close();
    }
  });
});

describe('loader when its token expires mid-run', () => {
  let sys: TestSystem;
  let dir: string;

  before(async () => {
    // tokens live 1 s (plus the verifier's 5 s clock tolerance)
    sys = await startTestSystem({ adminEnv: { TOKEN_TTL_SECONDS: '1' } });
    dir = mkdtempSync(join(tmpdir(), 'odontocare-loader-ttl-'));
    writeData(dir, generateData(SMALL));
  });

  after(async () => {
    await sys?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in again once and carries on: every row still goes in', async () => {
    const result = await load({
      dataDir: dir,
      adminUrl: sys.admin.url,
      citasUrl: sys.citas.url,
      events: {
        ...silentEvents,
        // between two files, hold everything (services included) until the token has expired
        fileFinished: (s) => {
          if (s.file === 'usuarios.csv') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 7_000);
        },
      },
    });

    assert.equal(result.ok, true, JSON.stringify({ fatal: result.fatal, failures: result.failures, cita: result.citaError }));
    assert.equal(result.relogins, 1);
    assert.deepEqual(
      result.files.map((f) => [f.file, f.created + f.existing]),
      [
        ['usuarios.csv', 3],
        ['centros.csv', 2],
        ['doctores.csv', 2],
        ['pacientes.csv', 5],
      ],
    );
    assert.equal(result.cita?.status, 'nueva');
  });
});

describe('loader when admin refuses a create for now (503 with Retry-After: its password-hash queue is full)', () => {
  let sys: TestSystem;
  let dir: string;

  before(async () => {
    // one hash at a time and one waiting: the loader's 6 rows in flight overflow it, as --concurrency 64 does the default queue
    sys = await startTestSystem({ adminEnv: { PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE: '1' } });
    dir = mkdtempSync(join(tmpdir(), 'odontocare-loader-busy-'));
    writeData(dir, generateData({ ...SMALL, patients: 12 }));
  });

  after(async () => {
    await sys?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits as Retry-After says and sends the row again: every row goes in, once, and the run exits 0', async () => {
    const run = await runCli(['--data', dir, '--no-cita', '--no-horarios'], { ADMIN_URL: sys.admin.url, CITAS_URL: sys.citas.url });

    assert.equal(run.err, '');
    assert.equal(run.code, 0);
    assert.match(run.out, /pacientes\.csv: 12 filas, 12 creadas, 0 ya existían, 0 fallidas/);
    const patients = await sys.admin.get('/admin/pacientes?page_size=100', sys.adminToken);
    assert.equal(patients.body.total, 12, 'no patient created twice');
  });
});
