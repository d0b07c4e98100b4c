import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { call, expectStatus } from '../support/json-call';
import { firstMondayNextYear } from '../support/clinic-days';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';

const ROOT = resolve(__dirname, '..', '..');
const ADMIN = { username: 'admin', password: 'OdontoCare2026!' };

/**
 * Ctrl-C on `npm start`, as a terminal sends it: SIGINT to the whole
 * process group. A booking on citas needs one lookup in admin; citas drains
 * the bookings in flight when told to stop, so admin must still answer
 * until citas has exited. Citas reaches admin through a relay in this test
 * that holds the booking's lookup until the test lets it go: the booking is
 * surely in flight when the signal arrives, and the lookup reaches admin
 * only once citas is draining.
 */
interface Relay {
  url: string;
  /** Resolves once the first directory lookup has arrived (and is held). */
  lookupArrived: Promise<void>;
  release(): void;
  close(): Promise<void>;
}

async function relayTo(adminPort: number): Promise<Relay> {
  let arrived!: () => void;
  const lookupArrived = new Promise<void>((r) => (arrived = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held = false;
  const server = http.createServer(async (req, res) => {
    if (!held && (req.url ?? '').startsWith('/admin/directorio')) {
      held = true;
      arrived();
      await released;
    }
    // A new connection each time: once admin has stopped listening, the lookup fails as it would without this relay.
    const upstream = http.request({ host: '127.0.0.1', port: adminPort, method: req.method, path: req.url, headers: { ...req.headers, connection: 'close' } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lookupArrived,
    release,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** `npm start` as the IT person runs it, in a process group of its own (as a terminal gives it), and what it says. */
interface Started {
  child: ChildProcess;
  ports: { admin: number; citas: number; web: number };
  dataDir: string;
  relay: Relay;
  /** Resolves once a line of its output (stdout and stderr) matches `pattern`; rejects if it ends first. */
  says(pattern: RegExp): Promise<void>;
  /** Its exit code, once it has ended. */
  ended: Promise<number | null>;
  output(): string;
  /** Ctrl-C in its terminal: SIGINT to every process of its group. */
  ctrlC(): void;
}

const dirs: string[] = [];
const running: Started[] = [];

async function npmStart(): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), 'odontocare-stop-order-'));
  dirs.push(dataDir);
  const ports = { admin: await freePort(), citas: await freePort(), web: await freePort() };
  const relay = await relayTo(ports.admin);
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start-all.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      ADMIN_PORT: String(ports.admin),
      CITAS_PORT: String(ports.citas),
      WEB_PORT: String(ports.web),
      ADMIN_URL: relay.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      CITAS_WORKERS: 'false',
      // the booking's lookup is held by the relay for as long as the test needs, not cut by citas's deadline
      ADMIN_TIMEOUT_MS: '60000',
      // its own page, so the browser tests' dist/page is not rebuilt under them
      WEB_PAGE_DIR: join(dataDir, 'page'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const ended = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const listeners = new Set<() => void>();
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (c: Buffer) => {
      output += c.toString();
      for (const l of listeners) l();
    });
  }
  const started: Started = {
    child,
    ports,
    dataDir,
    relay,
    ended,
    output: () => output,
    says: (pattern) =>
      new Promise((done, fail) => {
        const look = () => {
          if (!pattern.test(output)) return;
          listeners.delete(look);
          done();
        };
        listeners.add(look);
        look();
        void ended.then(() => {
          if (listeners.has(look)) fail(new Error(`npm start ended before saying ${pattern}: ${output.slice(-2000)}`));
        });
      }),
    ctrlC: () => process.kill(-child.pid!, 'SIGINT'),
  };
  running.push(started);
  const up = (port: number) => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
  const ready = await eventually(async () => (await up(ports.admin)) && (await up(ports.citas)) && (await up(ports.web)), Boolean, { withinMs: 90_000, everyMs: 200 });
  assert.ok(ready, `npm start did not answer /health within 90 s: ${output.slice(-2000)}`);
  return started;
}

/** A doctor, a patient and a center in admin, and an admin token; then a booking sent to citas (its lookup is held by the relay). */
async function bookingInFlight(s: Started): Promise<{ answer: Promise<{ status: number; body: unknown }> }> {
  const admin = `http://127.0.0.1:${s.ports.admin}`;
  const token = expectStatus(await call(admin, 'POST', '/auth/login', ADMIN), 200).access_token as string;
  const centro = expectStatus(await call(admin, 'POST', '/admin/centros', { nombre: 'Clínica Centro', direccion: 'Calle Mayor 1' }, token), 201);
  const doctor = expectStatus(await call(admin, 'POST', '/admin/doctores', { nombre: 'Ana Ruiz', especialidad: 'Ortodoncia', username: 'ana.ruiz', password: 'Doctora-2026-x' }, token), 201);
  const paciente = expectStatus(
    await call(admin, 'POST', '/admin/pacientes', { nombre: 'Luis Pérez', telefono: '600123456', username: 'luis.perez', password: 'Paciente-2026-x' }, token),
    201,
  );
  const day = firstMondayNextYear(new Date(), 6);
  const booking = call(`http://127.0.0.1:${s.ports.citas}`, 'POST', '/citas', {
    fecha: `${day}T10:00:00`,
    motivo: 'Revisión',
    id_paciente: paciente.id_paciente,
    id_doctor: doctor.id_doctor,
    id_centro: centro.id_centro,
  }, token, 60_000);
  // The booking now waits for admin's answer (an answer before that is a failure of the setup, shown as it is).
  const first = await Promise.race([s.relay.lookupArrived.then(() => undefined), booking]);
  assert.equal(first, undefined, `the booking was answered before its lookup reached admin: ${JSON.stringify(first)} ${s.output().slice(-2000)}`);
  return { answer: booking }; // wrapped: an async function returning the promise itself would wait for it
}

/**
 * The node processes whose parent is `pid` now (from /proc): npm start's
 * services, before anything happens to it (not the bundler it may run once
 * they answer).
 */
function nodeChildrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The fields after the command's closing parenthesis: state, then the parent's pid.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0] === process.execPath) out.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Services left behind by a test that failed: killed with their groups, so the next test finds its ports free. */
const leftBehind: number[] = [];

const admitsConnections = (port: number) => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);

afterEach(async () => {
  for (const s of running.splice(0)) {
    s.relay.release();
    // Stopped as a service manager would (SIGTERM), so that npm start stops what it started.
    if (s.child.exitCode === null && s.child.signalCode === null) {
      process.kill(-s.child.pid!, 'SIGTERM');
      await s.ended;
    }
    await s.relay.close();
  }
  for (const pid of leftBehind.splice(0)) if (isAlive(pid)) process.kill(-pid, 'SIGKILL');
});
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('Ctrl-C on npm start', { timeout: 240_000 }, () => {
  it('stops web first, lets citas finish the booking in flight while admin still answers, stops admin last, and exits 0', async () => {
    const s = await npmStart();
    const booking = (await bookingInFlight(s)).answer;

    s.ctrlC();
    await s.says(/\[citas\].*draining/);
    assert.equal(await admitsConnections(s.ports.web), false, 'web stops taking new work first');
    s.relay.release();

    const answer = await booking;
    assert.equal(answer.status, 201, `the booking in flight: ${JSON.stringify(answer.body)}`);
    assert.equal(await s.ended, 0, s.output().slice(-2000));
    const out = s.output();
    const citasEnded = out.indexOf('[start] citas se detuvo');
    assert.ok(citasEnded >= 0 && citasEnded < out.search(/\[admin\].*draining/), `admin is told to stop once citas has exited: ${out.slice(-2000)}`);
    for (const port of Object.values(s.ports)) assert.equal(await admitsConnections(port), false, `port ${port} still answers`);
  });

  it('a second Ctrl-C tells every service to stop at once, admin too while citas still drains', async () => {
    const s = await npmStart();
    const booking = (await bookingInFlight(s)).answer;

    s.ctrlC();
    await s.says(/\[citas\].*draining/);
    await s.says(/otra vez/); // from here a Ctrl-C is a second one, not the first one passed on by npm
    s.ctrlC();
    await s.says(/\[admin\].*draining/);
    s.relay.release();

    const answer = await booking;
    assert.notEqual(answer.status, 201, 'admin stopped before the booking reached it');
    assert.equal(await s.ended, 0, s.output().slice(-2000));
  });

  it('killed outright (kill -9, the OOM killer), it leaves no service behind: each stops on its own and closes its database', async () => {
    const s = await npmStart();
    const services = nodeChildrenOf(s.child.pid!);
    assert.equal(services.length, 3, `npm start runs admin, citas and web: ${services.join(', ')}`);
    leftBehind.push(...services);

    process.kill(s.child.pid!, 'SIGKILL');
    await s.ended;

    // Left running, they would hold the ports, and the next npm start would be refused for a port in use.
    const stillRunning = await eventually(async () => services.filter(isAlive), (pids) => pids.length === 0, { withinMs: 60_000, everyMs: 100 });
    assert.deepEqual(stillRunning, [], 'every service has exited');
    for (const port of Object.values(s.ports)) assert.equal(await admitsConnections(port), false, `port ${port} still answers`);
    // Each closed its database as on a stop asked for: SQLite removes a WAL file only on a clean close.
    assert.deepEqual(readdirSync(s.dataDir).filter((f) => f.endsWith('-wal')), [], 'admin and citas closed their databases');
  });
});
