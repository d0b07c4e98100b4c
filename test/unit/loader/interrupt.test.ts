import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OPTIONS, generateData, writeData } from '../../../loader/generate-data';
import { load } from '../../../loader/load';
import { type FileSummary, silentEvents } from '../../../loader/report';
import { FakeLoaderClock } from '../../fakes/fake-loader-clock';
import { FakeAdmin, runCli } from '../../support/loader-fake-admin';
import { type LoopbackServer, listenOnLoopback } from '../../support/loopback-server';

/**
 * Ctrl-C while rows wait out a "later" (503 with Retry-After: admin's
 * password-hash queue full). The loader promises that no row is sent after
 * Ctrl-C and that the summary comes once the answers of the rows already
 * sent are in: a row waiting to be sent again has its answer (the 503), and
 * sending it again after Ctrl-C breaks both.
 */
describe('load() stopped by Ctrl-C while rows wait to be sent again (429/503 with Retry-After)', () => {
  let server: LoopbackServer;
  let dataDir: string;
  const interrupt = new AbortController();
  /** POST /admin/pacientes by username: how many times each row was sent. */
  const sent = new Map<string, number>();

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'odontocare-loader-interrupt-'));
    writeData(dataDir, generateData({ ...DEFAULT_OPTIONS, users: 2, centers: 1, doctors: 1, patients: 12 }));
    let nextId = 1;
    server = await listenOnLoopback(async (req, res) => {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const send = (status: number, body: unknown, headers: Record<string, string> = {}): void =>
        void res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/health') return send(200, { status: 'ok' });
      if (path === '/auth/login') return send(200, { access_token: 't1' });
      if (req.method === 'GET') return send(200, { items: [], page: 1, page_size: 100, total: 0 });
      if (path !== '/admin/pacientes') return send(201, { id_doctor: nextId, id_centro: nextId, id_user: nextId++ });
      const username = String(JSON.parse(raw).username);
      const times = (sent.get(username) ?? 0) + 1;
      sent.set(username, times);
      // Taken the second time: a loader that sends the row again after Ctrl-C creates it.
      if (times > 1) return send(201, { id_paciente: nextId++ });
      send(503, { status: 503, code: 'SERVICIO_NO_DISPONIBLE', detail: 'Hay demasiadas comprobaciones de contraseña en curso.' }, { 'retry-after': '20' });
      // Ctrl-C as the first patient is told to come back later.
      interrupt.abort();
    });
  });

  after(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends no row again: the rows waiting are reported with their 503, the rest as never sent, and the run ends without waiting', async () => {
    const clock = new FakeLoaderClock();
    const result = await load({ dataDir, adminUrl: server.url, citasUrl: server.url, book: false, schedules: false, interrupt: interrupt.signal, clock });

    assert.equal(result.fatal, undefined);
    assert.ok(sent.size > 0, 'some patients were sent before Ctrl-C');
    assert.deepEqual([...sent.values()].filter((n) => n > 1), [], `a row sent again after Ctrl-C: ${JSON.stringify([...sent])}`);
    const pacientes = result.files.find((f) => f.file === 'pacientes.csv');
    assert.deepEqual(pacientes && [pacientes.created, pacientes.failed], [0, sent.size], 'each row sent has its answer, the 503');
    assert.ok(result.failures.every((f) => f.code === 'SERVICIO_NO_DISPONIBLE'), JSON.stringify(result.failures));
    assert.deepEqual(result.interrupted, { unsent: 12 - sent.size });
    assert.equal(clock.waitsFor(20), sent.size, `each row sent asked for the 20 s of its Retry-After, cut short: ${clock.waits}`);
    assert.equal(result.seconds, 0, 'no time went by waiting');
  });
});

/**
 * Ctrl-C after the rows, while the schedules step (begun beside the
 * patients) is still being answered: the loader says "la cita no se
 * reservó" and exits 130, so nothing may begin after it either.
 */
describe('load() stopped by Ctrl-C while the schedules step is still running after the rows', () => {
  it('books no cita: it waits for the schedules already sent and ends as interrupted', async () => {
    const interrupt = new AbortController();
    const dir = mkdtempSync(join(tmpdir(), 'odontocare-loader-interrupt-'));
    writeData(dir, generateData({ ...DEFAULT_OPTIONS, users: 2, centers: 1, doctors: 1, patients: 3 }));
    const heldPuts: (() => void)[] = [];
    let stopped = false;
    /** Requests that arrived after Ctrl-C, as "METHOD /path". */
    const afterCtrlC: string[] = [];
    let nextId = 1;
    const server = await listenOnLoopback(async (req, res) => {
      for await (const _ of req);
      const send = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const path = (req.url ?? '/').split('?')[0];
      if (stopped) afterCtrlC.push(`${req.method} ${path}`);
      if (path === '/health') return send(200, { status: 'ok' });
      if (path === '/auth/login') return send(200, { access_token: 't1' });
      const list = (items: unknown[]) => send(200, { items, page: 1, page_size: 100, total: items.length });
      if (req.method === 'GET' && path === '/admin/doctores') return list([{ id_doctor: 1, nombre: 'Doctor 1', activo: true }]);
      if (req.method === 'GET' && path === '/admin/centros') return list([{ id_centro: 1, nombre: 'Centro 1', activo: true }]);
      if (req.method === 'GET' && path.startsWith('/agenda/')) return send(200, { id_doctor: 1, horarios: [] });
      // The schedule is answered once Ctrl-C has come: the step is still running when the rows are over.
      if (req.method === 'PUT' && path.startsWith('/agenda/')) return void (stopped ? send(200, { horarios: [] }) : heldPuts.push(() => send(200, { horarios: [] })));
      if (path.startsWith('/citas')) return send(404, { status: 404, code: 'NO_ENCONTRADO', detail: 'La reserva no está en esta prueba.' });
      if (req.method === 'GET') return list([]);
      if (req.method === 'POST' && path.startsWith('/admin/')) return send(201, { id_user: nextId, id_centro: nextId, id_doctor: nextId, id_paciente: nextId++ });
      send(404, { status: 404, code: 'NO_ENCONTRADO', detail: 'No está en esta prueba.' });
    });
    const events = {
      ...silentEvents,
      fileFinished: (summary: FileSummary) => {
        if (summary.file !== 'pacientes.csv') return;
        // Ctrl-C once the rows are over (load() goes on from here to the schedules without waiting for anything else).
        setImmediate(() => {
          stopped = true;
          interrupt.abort();
          for (const answer of heldPuts.splice(0)) answer();
        });
      },
    };
    try {
      const result = await load({ dataDir: dir, adminUrl: server.url, citasUrl: server.url, events, interrupt: interrupt.signal });

      assert.equal(result.fatal, undefined);
      assert.equal(result.schedules?.set.length, 1, 'the schedule sent before Ctrl-C is awaited and reported');
      assert.deepEqual(afterCtrlC.filter((r) => !r.includes('/agenda/')), [], 'nothing of the booking step was begun after Ctrl-C');
      assert.equal(result.cita, undefined);
      assert.deepEqual(result.interrupted, { unsent: 0 });
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Ctrl-C while a patient waits out a 503 that admin answered after storing
 * it (on PostgreSQL, a COMMIT whose answer was lost). Sent again, the row
 * would come back 409 and be recognised as its own account; after Ctrl-C it
 * is not sent again, so its 503 alone would report failed a patient admin
 * holds.
 */
describe('Ctrl-C while an account row waits out a 503 that followed its commit', () => {
  let admin: FakeAdmin;
  let dataDir: string;

  beforeEach(async () => {
    await admin?.stop();
    admin = await new FakeAdmin().start();
  });
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'odontocare-loader-interrupt-'));
    writeFileSync(join(dataDir, 'usuarios.csv'), 'username,password,rol\nadmin,OdontoCare2026!,admin\n');
    writeFileSync(join(dataDir, 'centros.csv'), 'nombre,direccion\n');
    writeFileSync(join(dataDir, 'doctores.csv'), 'nombre,especialidad,username,password\n');
    writeFileSync(
      join(dataDir, 'pacientes.csv'),
      'nombre,telefono,estado,username,password\nLuis Pérez,600123456,,luis.perez,Dientes-2026\nAna Gil,600123457,,ana.gil,Dientes-2026\n',
    );
  });
  after(async () => {
    await admin?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  /** Admin stores luis.perez's first create, then answers it 503 with Retry-After 20; `then` runs as that 503 goes out. */
  const luisPerezCommittedThen503 = (then: () => void) => {
    let met = false;
    admin.accountFate = (_path, body) => {
      if (body.username !== 'luis.perez' || met) return 'answered';
      met = true;
      return '503-after-commit';
    };
    admin.retryAfter503 = '20';
    admin.after503 = then;
  };

  it('the patient is looked for and counted as there, not failed, and not sent again; the re-run counts both "ya existían"', async () => {
    const interrupt = new AbortController();
    luisPerezCommittedThen503(() => interrupt.abort());

    const run = await runCli(['--data', dataDir], admin, interrupt.signal);

    assert.equal(run.code, 130, run.out + run.err);
    assert.equal(admin.count('POST /admin/pacientes'), 2, 'no patient sent again after Ctrl-C');
    assert.deepEqual([run.clock.waits.length, run.clock.waitsFor(20)], [1, 1], `the 20 s asked for, cut short: ${run.clock.waits}`);
    assert.doesNotMatch(run.err, /✗ pacientes\.csv/);
    assert.match(run.out, /pacientes\.csv: 2 filas, 1 creadas, 1 ya existían, 0 fallidas/);

    const again = await runCli(['--data', dataDir], admin);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /pacientes\.csv: 2 filas, 0 creadas, 2 ya existían, 0 fallidas/);
    assert.equal(admin.patients.length, 2);
  });

  it('when the users list cannot be read to find out, the row says its outcome is unknown and what a re-run does', async () => {
    const interrupt = new AbortController();
    luisPerezCommittedThen503(() => {
      admin.usersUnreadable = true;
      interrupt.abort();
    });

    const run = await runCli(['--data', dataDir], admin, interrupt.signal);

    assert.equal(run.code, 130, run.out + run.err);
    assert.equal(admin.count('POST /admin/pacientes'), 2, 'no patient sent again after Ctrl-C');
    assert.deepEqual([run.clock.waits.length, run.clock.waitsFor(20)], [1, 1], `the 20 s asked for, cut short: ${run.clock.waits}`);
    assert.match(run.err, /✗ pacientes\.csv línea 2: CUENTA_SIN_CONFIRMAR — .*no se sabe si se ha creado.*vuelva a cargar/i);
    assert.doesNotMatch(run.err, /corrija el archivo/, 'nothing in the file to correct');
    assert.match(run.err, /1 fila\(s\) pueden haberse cargado o no/);

    admin.usersUnreadable = false;
    const again = await runCli(['--data', dataDir], admin);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /pacientes\.csv: 2 filas, 0 creadas, 2 ya existían, 0 fallidas/);
    assert.equal(admin.patients.length, 2);
  });
});
