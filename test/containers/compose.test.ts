import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { StartedDockerComposeEnvironment } from 'testcontainers';
import { firstMondayNextYear } from '../support/clinic-days';
import { describeWithDocker, type DockerEngine } from '../support/docker';
import { containerOf, docker, inspect } from '../support/docker-cli';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { type Answer, call, expectStatus, type Json } from '../support/json-call';

/**
 * OdontoCare as deployed: compose.yml builds both images from the Dockerfile
 * and starts them on one network, each with its own named volume; citas
 * reaches admin at http://admin:5001. Everything below goes through the ports
 * compose publishes on 127.0.0.1, like a user or the loader would.
 *
 * The images run with NODE_ENV=production, so the admin gets its own
 * bootstrap password here (the development default is refused).
 */

// Before testcontainers reads its settings: no reaper (its image cannot be
// pulled here; after() cleans up instead), and the engine is on this machine.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';

const ROOT = resolve(__dirname, '..', '..');
const PROJECT = `odontocare-test-${process.pid}`;
const ADMIN_PASSWORD = 'Contenedor2030x';
/** The services run in containers on the machine's clock, so the day is computed from it: June next year, summer time (+02:00). */
const DAY = firstMondayNextYear(new Date(), 6);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const containerId = (service: string) => containerOf(PROJECT, service);

/** `docker stop` with the default 10 s grace period; returns how long it took. */
async function timedStop(id: string): Promise<number> {
  const t0 = Date.now();
  await docker('stop', id);
  return Date.now() - t0;
}

describeWithDocker('OdontoCare in containers (Dockerfile + compose.yml)', (engine: DockerEngine) => {
  let env: StartedDockerComposeEnvironment | undefined;
  let adminUrl = '';
  let citasUrl = '';
  let webUrl = '';
  let composeEnv: Record<string, string> = {};

  async function up(): Promise<StartedDockerComposeEnvironment> {
    const { DockerComposeEnvironment, Wait } = await import('testcontainers');
    let compose = new DockerComposeEnvironment(ROOT, 'compose.yml')
      .withProjectName(PROJECT)
      .withBuild()
      .withEnvironment(composeEnv)
      // HEALTHCHECK of the image (GET /ready): admin's database, citas's database and admin.
      .withDefaultWaitStrategy(Wait.forHealthCheck())
      .withStartupTimeout(180_000);
    if (engine.compose === 'standalone') compose = compose.withClientOptions({ executable: { standalone: true } });
    return compose.up();
  }

  before(
    async () => {
      const [adminPort, citasPort, webPort] = [await freePort(), await freePort(), await freePort()];
      adminUrl = `http://127.0.0.1:${adminPort}`;
      citasUrl = `http://127.0.0.1:${citasPort}`;
      webUrl = `http://127.0.0.1:${webPort}`;
      composeEnv = {
        ADMIN_BOOTSTRAP_USERNAME: 'admin',
        ADMIN_BOOTSTRAP_PASSWORD: ADMIN_PASSWORD,
        ADMIN_HOST_PORT: String(adminPort),
        CITAS_HOST_PORT: String(citasPort),
        WEB_HOST_PORT: String(webPort),
        SESSION_SECRET: 'secreto-de-la-prueba-de-contenedores-0123456789',
        LOG_LEVEL: 'warn',
      };
      env = await up();
    },
    // First run builds both images (npm ci + better-sqlite3 compiled from source).
    { timeout: 30 * 60_000 },
  );

  after(
    async () => {
      // No reaper: whatever happened, the project's containers, network and volumes go.
      await env?.down({ removeVolumes: true, timeout: 10_000 }).catch(() => undefined);
      try {
        await docker('volume', 'rm', '-f', `${PROJECT}_admin-data`, `${PROJECT}_citas-data`);
      } catch {
        // already gone
      }
    },
    { timeout: 120_000 },
  );

  const patient = { username: '', password: 'Paciente2030x', id: 0, token: '' };
  let firstCita = 0;
  let doctorId = 0;
  let centerId = 0;

  it('publishes both services on 127.0.0.1 only, runs them as a non-root user, keeps /data on a named volume of its own', async () => {
    const volumes = new Set<string>();
    for (const service of ['admin', 'citas']) {
      const c = await inspect(await containerId(service));
      assert.equal(c.State.Health.Status, 'healthy');
      assert.notEqual(c.Config.User, '');
      assert.notEqual(c.Config.User, 'root');
      const bindings = Object.values(c.HostConfig.PortBindings as Record<string, { HostIp: string }[]>).flat();
      assert.ok(bindings.length > 0);
      for (const b of bindings) assert.equal(b.HostIp, '127.0.0.1');
      const data = (c.Mounts as Json[]).find((m) => m.Destination === '/data');
      assert.equal(data?.Type, 'volume', `${service}: /data is not a named volume`);
      volumes.add(data!.Name);
      assert.ok(c.Config.Env.includes('NODE_ENV=production'));
    }
    assert.equal(volumes.size, 2, 'admin and citas must not share storage');
  });

  it('serves the web front desk on 127.0.0.1, non-root, without a volume, and logs in through it with a sealed cookie', async () => {
    const c = await inspect(await containerId('web'));
    assert.equal(c.State.Health.Status, 'healthy');
    assert.notEqual(c.Config.User, '');
    assert.notEqual(c.Config.User, 'root');
    for (const b of Object.values(c.HostConfig.PortBindings as Record<string, { HostIp: string }[]>).flat()) assert.equal(b.HostIp, '127.0.0.1');
    assert.equal((c.Mounts as Json[]).length, 0, 'the web service keeps nothing');
    const page = await fetch(`${webUrl}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const login = await fetch(`${webUrl}/api/sesion`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: webUrl },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    assert.equal(login.status, 200);
    const cookie = login.headers.getSetCookie()[0] ?? '';
    assert.match(cookie, /HttpOnly; SameSite=Strict/);
    const citas = await fetch(`${webUrl}/api/citas/citas`, { headers: { cookie: cookie.split(';')[0] } });
    assert.equal(citas.status, 200);
  });

  it('walks the main flow across both services: admin creates doctor, patient and center; the patient books, lists, changes and cancels a cita', async () => {
    const admin = expectStatus(await call(adminUrl, 'POST', '/auth/login', { username: 'admin', password: ADMIN_PASSWORD }), 200);
    const adminToken = admin.access_token as string;
    assert.equal(admin.user.rol, 'admin');

    const doctor = expectStatus(
      await call(adminUrl, 'POST', '/admin/doctores', { nombre: 'Dra. Elena Contenedor', especialidad: 'Ortodoncia', username: 'elena.doc', password: 'Doctora2030x' }, adminToken),
      201,
    );
    const center = expectStatus(await call(adminUrl, 'POST', '/admin/centros', { nombre: 'Centro Docker', direccion: 'Calle Volumen 1, Madrid' }, adminToken), 201);
    patient.username = 'pablo.paciente';
    const created = expectStatus(
      await call(adminUrl, 'POST', '/admin/pacientes', { nombre: 'Pablo Paciente', telefono: '612345678', username: patient.username, password: patient.password }, adminToken),
      201,
    );
    patient.id = created.id_paciente;
    assert.equal(created.estado, 'ACTIVO');

    const login = expectStatus(await call(adminUrl, 'POST', '/auth/login', { username: patient.username, password: patient.password }), 200);
    patient.token = login.access_token;
    assert.equal(login.user.id_paciente, patient.id);

    // citas checks doctor, center and patient with the admin service over the compose network.
    const booking = { fecha: `${DAY}T10:00:00`, motivo: 'Revisión anual', id_paciente: patient.id, id_doctor: doctor.id_doctor, id_centro: center.id_centro };
    const cita = expectStatus(await call(citasUrl, 'POST', '/citas', booking, patient.token), 201);
    assert.equal(cita.estado, 'Programada');
    assert.equal(cita.fecha, `${DAY}T10:00:00+02:00`);
    firstCita = cita.id_cita;
    doctorId = doctor.id_doctor;
    centerId = center.id_centro;

    const mine = expectStatus(await call(citasUrl, 'GET', '/citas', undefined, patient.token), 200);
    assert.deepEqual(
      mine.items.map((c: Json) => c.id_cita),
      [cita.id_cita],
    );

    const changed = expectStatus(await call(citasUrl, 'PUT', `/citas/${cita.id_cita}`, { fecha: `${DAY}T11:00:00` }, patient.token), 200);
    assert.equal(changed.cita_anterior.id_cita, cita.id_cita);
    assert.equal(changed.cita_anterior.estado, 'Cancelada');
    assert.equal(changed.cita_nueva.fecha, `${DAY}T11:00:00+02:00`);
    assert.equal(changed.cita_nueva.id_cita_anterior, cita.id_cita);

    const cancelled = expectStatus(await call(citasUrl, 'PUT', `/citas/${changed.cita_nueva.id_cita}`, { estado: 'Cancelada' }, patient.token), 200);
    assert.equal(cancelled.cita.estado, 'Cancelada');
    const again = await call(citasUrl, 'PUT', `/citas/${changed.cita_nueva.id_cita}`, { estado: 'Cancelada' }, patient.token);
    expectStatus(again, 409);
  });

  it('answers 503 problem JSON with Retry-After while the admin container is stopped, and recovers by itself once it is back', { timeout: 180_000 }, async () => {
    const adminId = await containerId('admin');
    const citasId = await containerId('citas');
    const citasBefore = (await inspect(citasId)).State;

    const stopMs = await timedStop(adminId);
    // The admin drains and exits on SIGTERM instead of waiting for the 10 s SIGKILL.
    assert.ok(stopMs < 8_000, `docker stop admin took ${stopMs} ms`);
    assert.equal((await inspect(adminId)).State.ExitCode, 0, 'admin did not exit cleanly on SIGTERM');

    const attempt = () =>
      call(citasUrl, 'POST', '/citas', { fecha: `${DAY}T12:00:00`, motivo: 'Durante la caída', id_paciente: patient.id, id_doctor: doctorId, id_centro: centerId }, patient.token);
    const down = await attempt();
    assert.equal(down.status, 503, JSON.stringify(down.body));
    assert.match(down.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(down.body.code, 'SERVICIO_NO_DISPONIBLE');
    assert.equal(typeof down.body.detail, 'string');
    assert.match(down.headers.get('retry-after') ?? '', /^\d+$/);
    assert.equal((await call(citasUrl, 'GET', '/ready')).status, 503);

    await docker('start', adminId);
    let last: Answer | undefined;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      last = await attempt().catch(() => undefined);
      if (last && last.status !== 503) break;
      await sleep(1_000);
    }
    assert.equal(last?.status, 201, JSON.stringify(last?.body));
    // Same citas process throughout: it recovered, it was not restarted.
    const citasAfter = (await inspect(citasId)).State;
    assert.equal(citasAfter.StartedAt, citasBefore.StartedAt);
    assert.equal(citasAfter.Running, true);
  });

  it('is loaded by the CSV loader through the published ports', { timeout: 300_000 }, async () => {
    // The loader logs in as the admin row of usuarios.csv; these containers
    // have their own bootstrap password, so the loader gets a copy of the data
    // whose admin row carries it.
    const data = mkdtempSync(join(tmpdir(), 'odontocare-loader-'));
    try {
      cpSync(join(ROOT, 'loader', 'data'), data, { recursive: true });
      const usuarios = join(data, 'usuarios.csv');
      const lines = readFileSync(usuarios, 'utf8').split('\n');
      const adminRow = lines.findIndex((l) => /^admin,/.test(l));
      assert.ok(adminRow > 0, 'usuarios.csv has no admin row');
      lines[adminRow] = `admin,${ADMIN_PASSWORD},admin`;
      writeFileSync(usuarios, lines.join('\n'));

      const run = await new Promise<{ code: number | null; out: string; err: string }>((done, fail) => {
        const child = spawn('npm', ['run', '--silent', 'load', '--', '--data', data], {
          cwd: ROOT,
          env: { ...process.env, ADMIN_URL: adminUrl, CITAS_URL: citasUrl, ADMIN_BOOTSTRAP_PASSWORD: ADMIN_PASSWORD },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.once('error', fail);
        child.once('close', (code) => done({ code, out, err }));
      });
      assert.equal(run.code, 0, `loader failed:\n${run.out}\n${run.err}`);
      assert.match(run.out, /Cita reservada:/);
      assert.match(run.out, /"estado": "Programada"/);

      const adminToken = expectStatus(await call(adminUrl, 'POST', '/auth/login', { username: 'admin', password: ADMIN_PASSWORD }), 200).access_token;
      const patients = expectStatus(await call(adminUrl, 'GET', '/admin/pacientes?page_size=1', undefined, adminToken), 200);
      const csvPatients = readFileSync(join(data, 'pacientes.csv'), 'utf8').trim().split('\n').length - 1;
      assert.ok(patients.total >= csvPatients, `expected at least ${csvPatients} patients, admin has ${patients.total}`);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('stops both containers quickly on SIGTERM and keeps every record when the containers are recreated (named volumes)', { timeout: 600_000 }, async () => {
    for (const service of ['citas', 'admin']) {
      const id = await containerId(service);
      const ms = await timedStop(id);
      assert.ok(ms < 8_000, `docker stop ${service} took ${ms} ms (SIGTERM not handled?)`);
      assert.equal((await inspect(id)).State.ExitCode, 0, `${service} did not exit cleanly on SIGTERM`);
    }
    // Remove the containers but keep the volumes, then start fresh ones.
    await env!.down({ removeVolumes: false, timeout: 10_000 });
    env = undefined;
    env = await up();

    // A token signed before the recreation still verifies: the signing keys live on the admin volume.
    const mine = expectStatus(await call(citasUrl, 'GET', '/citas', undefined, patient.token), 200);
    const ids = mine.items.map((c: Json) => c.id_cita);
    assert.ok(ids.includes(firstCita), `cita ${firstCita} missing after recreation: ${JSON.stringify(ids)}`);
    const login = expectStatus(await call(adminUrl, 'POST', '/auth/login', { username: patient.username, password: patient.password }), 200);
    assert.equal(login.user.id_paciente, patient.id);
  });

  // Last: it spends this machine's address's allowance of failed logins at admin.
  it('counts failed logins per browser behind web, and lets no one else choose an address: one browser cannot lock the front desk out', { timeout: 180_000 }, async () => {
    // compose starts admin before web: admin finds web by name within seconds of it starting, and says so.
    const logs = await eventually(
      async () => docker('logs', await containerId('admin')),
      (text) => /TRUST_PROXY: web ya se encuentra/.test(text),
      { withinMs: 90_000, everyMs: 1_000 },
    );
    assert.match(logs, /TRUST_PROXY: web ya se encuentra/);

    // From the web container, as web relays a browser: X-Forwarded-For is the browser's address.
    const fromWeb = `
      const attempt = async (i, address) => (await fetch('http://admin:5001/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ username: 'nadie-' + address + '-' + i, password: 'Equivocada-2030' }),
      })).status;
      (async () => {
        const guessing = [];
        for (let i = 0; i < 21; i++) guessing.push(await attempt(i, '198.51.100.7'));
        console.log(JSON.stringify({ guessing, colleague: await attempt(0, '198.51.100.8') }));
      })();`;
    const relayed = JSON.parse(await docker('exec', await containerId('web'), 'node', '-e', fromWeb)) as { guessing: number[]; colleague: number };
    assert.deepEqual(relayed.guessing, [...Array(20).fill(401), 429], 'the guessing browser is refused after 20 failures');
    assert.equal(relayed.colleague, 401, 'a colleague at the next desk can still log in');

    // Straight to admin's published port, claiming a new address each time: not believed, all count as this machine.
    const claimed: number[] = [];
    for (let i = 0; i < 21 && !claimed.includes(429); i++) {
      const res = await fetch(`${adminUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i + 1}` },
        body: JSON.stringify({ username: `intruso-${i}`, password: 'Equivocada-2030' }),
      });
      claimed.push(res.status);
    }
    assert.equal(claimed.at(-1), 429, `claimed addresses were believed: ${claimed.join(',')}`);
  });
});
