import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { StartedDockerComposeEnvironment } from 'testcontainers';
import { addDays, firstMondayNextYear } from '../support/clinic-days';
import { describeWithDocker, type DockerEngine } from '../support/docker';
import { containerOf, docker, dockerLogs, inspect } from '../support/docker-cli';
import { freePort } from '../support/free-port';
import { type Answer, call, expectStatus, type Json } from '../support/json-call';

/**
 * OdontoCare on PostgreSQL as deployed: compose.yml + compose.postgres.yml.
 * One postgres container (the official image, or the stand-in
 * .ci/postgres-standin.sh builds where Docker Hub is unreachable), its init
 * script (docker/postgres-init/) creating one database and one role per
 * service, admin on its database, and two citas processes (citas, citas-2)
 * on theirs. Everything goes through the ports compose publishes on
 * 127.0.0.1, like a balancer in front of the two citas processes would.
 *
 * - the roles: neither service's role can connect to the other's database;
 * - the race: parallel bookings of one doctor's slot, split across both
 *   processes, give exactly one 201, the rest 409 DOCTOR_OCUPADO;
 * - the crash: one citas container is SIGKILLed in the middle of a stream of
 *   distinct bookings; every booking either process acknowledged (201) is
 *   still there, read back through the surviving one; the killed one serves
 *   again once started.
 * - the load: concurrent distinct bookings across both processes are all
 *   answered 201 (under SERIALIZABLE some came back 500 once retries ran
 *   out: docs/adr/0012).
 */

// Before testcontainers reads its settings: no reaper (its image cannot be
// pulled here; after() cleans up instead), and the engine is on this machine.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';

const ROOT = resolve(__dirname, '..', '..');
const PROJECT = `odontocare-pgtest-${process.pid}`;
const SERVICES = ['postgres', 'admin', 'citas', 'citas-2'];
const ADMIN_PASSWORD = 'Contenedor2030x';
const DB_PASSWORDS = { admin: 'admin-db-secret.1', citas: 'citas-db-secret.2', postgres: 'superuser-secret.3' };
/** The services run on the machine's clock: days computed from it, months ahead (June and September next year). */
const RACE_DAY = firstMondayNextYear(new Date(), 6);
const LOAD_MONDAY = firstMondayNextYear(new Date(), 9);
const CONTENTION_MONDAY = firstMondayNextYear(new Date(), 10);
const CONTENTION_TOTAL = 120;
const RACERS = 20;
const RACE_SLOTS = ['10:00', '11:00', '12:00'];
const LOAD_TOTAL = 240;
const LOAD_CONCURRENCY = 12;
/** The victim is killed once this many bookings have been acknowledged. */
const KILL_AFTER_ACKS = 70;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The container of a compose service, running or not. */
const containerId = (service: string) => containerOf(PROJECT, service, 'running or stopped');

/** postgres:17 (pulled or the stand-in), else the stand-in's fallback postgres:15; undefined: let compose pull postgres:17. */
async function localPostgresImage(): Promise<string | undefined> {
  for (const tag of ['postgres:17', 'postgres:15']) {
    try {
      await docker('image', 'inspect', tag);
      return tag;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** psql inside the postgres container, over TCP to its network address (the path the services take, password checked). */
async function psql(role: string, password: string, database: string, sql: string): Promise<{ ok: true; out: string } | { ok: false; err: string }> {
  try {
    const out = await docker('exec', '-e', `PGPASSWORD=${password}`, await containerId('postgres'), 'psql', '--host=postgres', '--no-psqlrc', '-v', 'ON_ERROR_STOP=1', '-At', '-U', role, '-d', database, '-c', sql);
    return { ok: true, out };
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return { ok: false, err: (e.stderr || e.message).trim() };
  }
}

/** Weekday slots inside the default JORNADA (09:00-14:00, 16:00-20:00), 30 minutes each, from a Monday on. */
function weekdaySlots(monday: string, count: number): string[] {
  const times: string[] = [];
  for (let m = 9 * 60; m < 20 * 60; m += 30) {
    if (m >= 14 * 60 && m < 16 * 60) continue;
    times.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  }
  const out: string[] = [];
  for (let week = 0; out.length < count; week++) {
    for (let d = 0; d < 5 && out.length < count; d++) {
      const day = addDays(monday, 7 * week + d);
      for (const t of times) {
        if (out.length === count) break;
        out.push(`${day}T${t}:00`);
      }
    }
  }
  return out;
}

describeWithDocker('OdontoCare on PostgreSQL in containers (compose.yml + compose.postgres.yml)', (engine: DockerEngine) => {
  let env: StartedDockerComposeEnvironment | undefined;
  let adminUrl = '';
  const citasUrl: Record<'citas' | 'citas-2', string> = { citas: '', 'citas-2': '' };
  let image: string | undefined;

  before(
    async () => {
      const [adminPort, citasPort, citas2Port, webPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
      adminUrl = `http://127.0.0.1:${adminPort}`;
      citasUrl.citas = `http://127.0.0.1:${citasPort}`;
      citasUrl['citas-2'] = `http://127.0.0.1:${citas2Port}`;
      image = await localPostgresImage();
      const composeEnv: Record<string, string> = {
        ADMIN_BOOTSTRAP_USERNAME: 'admin',
        ADMIN_BOOTSTRAP_PASSWORD: ADMIN_PASSWORD,
        ADMIN_HOST_PORT: String(adminPort),
        CITAS_HOST_PORT: String(citasPort),
        CITAS_2_HOST_PORT: String(citas2Port),
        WEB_HOST_PORT: String(webPort),
        // web is not started here, but compose.yml interpolates it.
        SESSION_SECRET: 'secreto-de-la-prueba-de-contenedores-0123456789',
        POSTGRES_PASSWORD: DB_PASSWORDS.postgres,
        ADMIN_DB_PASSWORD: DB_PASSWORDS.admin,
        CITAS_DB_PASSWORD: DB_PASSWORDS.citas,
        // The crash load books many citas for few patients.
        MAX_CITAS_FUTURAS: '1000',
        // The race is the database's to settle. On a CI machine loaded beyond its cores, the first lookups of cold
        // processes took over the 2 s default, and five such timeouts open the breaker (503s in the race).
        ADMIN_TIMEOUT_MS: '10000',
        LOG_LEVEL: 'warn',
        ...(image ? { POSTGRES_IMAGE: image } : {}),
      };
      const { DockerComposeEnvironment, Wait } = await import('testcontainers');
      let compose = new DockerComposeEnvironment(ROOT, ['compose.yml', 'compose.postgres.yml'])
        .withProjectName(PROJECT)
        .withBuild()
        .withEnvironment(composeEnv)
        // postgres: pg_isready over TCP (compose.postgres.yml); admin and citas: the images' HEALTHCHECK on /ready.
        .withDefaultWaitStrategy(Wait.forHealthCheck())
        .withStartupTimeout(180_000);
      if (engine.compose === 'standalone') compose = compose.withClientOptions({ executable: { standalone: true } });
      try {
        env = await compose.up(SERVICES);
      } catch (err) {
        const hint = image ? '' : ' (no postgres:17 image here and none could be pulled: run `bash .ci/postgres-standin.sh`)';
        throw new Error(`compose up failed${hint}: ${(err as Error).message}`, { cause: err });
      }
    },
    // First run builds the images (npm ci + better-sqlite3 compiled from source).
    { timeout: 30 * 60_000 },
  );

  after(
    async () => {
      // No reaper: whatever happened, the project's containers, network and volumes go.
      await env?.down({ removeVolumes: true, timeout: 10_000 }).catch(() => undefined);
      for (const id of (await docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT}`)).split('\n').filter(Boolean)) {
        try {
          await docker('rm', '-f', '-v', id);
        } catch {
          // already gone
        }
      }
      try {
        await docker('volume', 'rm', '-f', `${PROJECT}_admin-data`, `${PROJECT}_citas-data`, `${PROJECT}_postgres-data`);
      } catch {
        // already gone
      }
    },
    { timeout: 120_000 },
  );

  let adminToken = '';
  let doctorId = 0;
  let centerId = 0;
  const patientIds: number[] = [];

  it('keeps each service in its own database: neither role can open the other one, the schemas are there, btree_gist too; postgres is not published', async () => {
    const pg = await inspect(await containerId('postgres'));
    assert.equal(pg.State.Health.Status, 'healthy');
    assert.equal(pg.Config.StopSignal, 'SIGINT');
    assert.deepEqual(Object.values((pg.HostConfig.PortBindings ?? {}) as Record<string, unknown[]>).flat(), [], 'postgres must not be published');

    const own = { admin: await psql('odontocare_admin', DB_PASSWORDS.admin, 'odontocare_admin', 'select current_user'), citas: await psql('odontocare_citas', DB_PASSWORDS.citas, 'odontocare_citas', 'select current_user') };
    assert.deepEqual(own.admin, { ok: true, out: 'odontocare_admin' });
    assert.deepEqual(own.citas, { ok: true, out: 'odontocare_citas' });

    for (const [role, password, other] of [
      ['odontocare_admin', DB_PASSWORDS.admin, 'odontocare_citas'],
      ['odontocare_citas', DB_PASSWORDS.citas, 'odontocare_admin'],
    ]) {
      const r = await psql(role, password, other, 'select 1');
      assert.equal(r.ok, false, `${role} could connect to ${other}`);
      assert.match((r as { err: string }).err, new RegExp(`permission denied for database "${other}"`));
    }
    const wrong = await psql('odontocare_citas', 'not-the-password', 'odontocare_citas', 'select 1');
    assert.equal(wrong.ok, false);
    assert.match((wrong as { err: string }).err, /password authentication failed/);

    // Both services migrated their schema at start: they run on PostgreSQL, not on their SQLite file.
    for (const [role, password, db] of [
      ['odontocare_admin', DB_PASSWORDS.admin, 'odontocare_admin'],
      ['odontocare_citas', DB_PASSWORDS.citas, 'odontocare_citas'],
    ]) {
      const tables = await psql(role, password, db, "select count(*) from pg_tables where schemaname = 'public'");
      assert.ok(tables.ok && Number(tables.out) > 0, `${db} has no tables: ${JSON.stringify(tables)}`);
    }
    assert.deepEqual(await psql('odontocare_citas', DB_PASSWORDS.citas, 'odontocare_citas', "select extname from pg_extension where extname = 'btree_gist'"), { ok: true, out: 'btree_gist' });
    for (const service of ['citas', 'citas-2']) assert.equal((await inspect(await containerId(service))).State.Health.Status, 'healthy');
  });

  it(`books each hot slot once: ${RACERS} parallel POST /citas for one doctor and slot, split across citas and citas-2, give one 201 and ${RACERS - 1} 409 DOCTOR_OCUPADO`, { timeout: 300_000 }, async () => {
    adminToken = expectStatus(await call(adminUrl, 'POST', '/auth/login', { username: 'admin', password: ADMIN_PASSWORD }), 200).access_token;
    centerId = expectStatus(await call(adminUrl, 'POST', '/admin/centros', { nombre: 'Centro Postgres', direccion: 'Calle Réplica 2, Madrid' }, adminToken), 201).id_centro;
    doctorId = expectStatus(
      await call(adminUrl, 'POST', '/admin/doctores', { nombre: 'Dra. Carmen Carrera', especialidad: 'Ortodoncia', username: 'carmen.carrera', password: 'Doctora2030x' }, adminToken),
      201,
    ).id_doctor;
    // One by one: the admin bounds password hashing work.
    for (let i = 0; i < RACERS; i++) {
      const p = expectStatus(
        await call(adminUrl, 'POST', '/admin/pacientes', { nombre: `Paciente Carrera ${i}`, telefono: `6${String(10_000_000 + i)}`, username: `carrera.${i}`, password: `Paciente2030x${i}` }, adminToken),
        201,
      );
      patientIds.push(p.id_paciente);
    }
    // Both processes answer before the race (and learn the doctor, center and patients from admin on their own).
    for (const url of Object.values(citasUrl)) expectStatus(await call(url, 'GET', `/citas?id_doctor=${doctorId}`, undefined, adminToken), 200);

    for (const time of RACE_SLOTS) {
      const fecha = `${RACE_DAY}T${time}:00`;
      const answers = await Promise.all(
        patientIds.map(async (idPaciente, i) => {
          const via = i % 2 === 0 ? 'citas' : 'citas-2';
          const a = await call(citasUrl[via], 'POST', '/citas', { fecha, motivo: 'Carrera', id_paciente: idPaciente, id_doctor: doctorId, id_centro: centerId }, adminToken);
          return { via, ...a };
        }),
      );
      const won = answers.filter((a) => a.status === 201);
      const lost = answers.filter((a) => a.status === 409);
      console.log(`[compose-postgres] race ${fecha}: ${won.length} x 201 (via ${won.map((a) => a.via).join(', ')}), ${lost.length} x 409, other: ${JSON.stringify(answers.filter((a) => a.status !== 201 && a.status !== 409).map((a) => [a.via, a.status, a.body.code]))}`);
      assert.equal(won.length, 1, JSON.stringify(answers.map((a) => [a.via, a.status, a.body.code])));
      assert.equal(lost.length, RACERS - 1, JSON.stringify(answers.map((a) => [a.via, a.status, a.body.code])));
      for (const a of lost) assert.equal(a.body.code, 'DOCTOR_OCUPADO', JSON.stringify(a.body));
    }

    // Both processes see the same day: one active cita per raced slot.
    for (const url of Object.values(citasUrl)) {
      const day = expectStatus(await call(url, 'GET', `/citas?id_doctor=${doctorId}&fecha=${RACE_DAY}&page_size=100`, undefined, adminToken), 200);
      const active = (day.items as Json[]).filter((c) => c.estado === 'Programada' || c.estado === 'Confirmada');
      assert.equal(active.length, RACE_SLOTS.length, JSON.stringify(day.items));
    }
  });

  it(
    `answers ${CONTENTION_TOTAL} distinct bookings, ${LOAD_CONCURRENCY} at a time across citas and citas-2, all with 201`,
    { timeout: 300_000 },
    async () => {
      assert.ok(adminToken && doctorId && patientIds.length > 0, 'needs the race test before it');
      const slots = weekdaySlots(CONTENTION_MONDAY, CONTENTION_TOTAL);
      const answers: { via: string; status: number; code?: string }[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: LOAD_CONCURRENCY }, async () => {
          for (let i = next++; i < slots.length; i = next++) {
            const via = i % 2 === 0 ? 'citas' : 'citas-2';
            const a = await call(citasUrl[via], 'POST', '/citas', { fecha: slots[i], motivo: 'Concurrencia', id_paciente: patientIds[i % patientIds.length], id_doctor: doctorId, id_centro: centerId }, adminToken);
            answers.push({ via, status: a.status, code: a.body.code });
          }
        }),
      );
      const others = answers.filter((a) => a.status !== 201);
      // What the services logged for their 500s ("unexpected error", with the error's code), to tell why
      // in the failure's message. Only read when there was one: the logger writes asynchronously, so the
      // logs are read until they hold a line for every 500 answered (or a minute has passed).
      const codes = new Map<string, number>();
      const errors = others.filter((a) => a.status >= 500).length;
      for (const deadline = Date.now() + 60_000; errors > 0 && Date.now() < deadline; await sleep(250)) {
        codes.clear();
        for (const service of ['citas', 'citas-2']) {
          const logs = await dockerLogs(await containerId(service));
          for (const line of logs.split('\n')) {
            if (!line.includes('"msg":"unexpected error"')) continue;
            const code = /"errorCode":"([^"]*)"/.exec(line)?.[1] ?? 'no code';
            codes.set(code, (codes.get(code) ?? 0) + 1);
          }
        }
        if ([...codes.values()].reduce((t, n) => t + n, 0) >= errors) break;
      }
      console.log(
        `[compose-postgres] contention: ${answers.length - others.length} of ${answers.length} distinct bookings answered 201; others: ${JSON.stringify(others.map((a) => [a.via, a.status, a.code]))}; ` +
          `unexpected errors logged by citas and citas-2 so far (this test and the race), by code: ${JSON.stringify(Object.fromEntries(codes))}`,
      );
      assert.deepEqual(others, []);
    },
  );

  it('loses nothing acknowledged when one citas container is SIGKILLed mid-load; the killed one serves again once started', { timeout: 300_000 }, async () => {
    assert.ok(adminToken && doctorId && patientIds.length > 0, 'needs the race test before it');
    const victim = 'citas-2' as const;
    const survivor = 'citas' as const;
    const victimId = await containerId(victim);
    const slots = weekdaySlots(LOAD_MONDAY, LOAD_TOTAL);

    interface Outcome {
      i: number;
      via: 'citas' | 'citas-2';
      fecha: string;
      idPaciente: number;
      status?: number;
      id?: number;
      code?: string;
      error?: string;
      afterKill: boolean;
    }
    const outcomes: Outcome[] = [];
    let next = 0;
    let acked = 0;
    let killedAt = 0;
    let kill: Promise<unknown> | undefined;

    const worker = async () => {
      for (let i = next++; i < slots.length; i = next++) {
        const via = i % 2 === 0 ? survivor : victim;
        const o: Outcome = { i, via, fecha: slots[i], idPaciente: patientIds[i % patientIds.length], afterKill: kill !== undefined };
        try {
          const a = await call(citasUrl[via], 'POST', '/citas', { fecha: o.fecha, motivo: 'Carga', id_paciente: o.idPaciente, id_doctor: doctorId, id_centro: centerId }, adminToken);
          o.status = a.status;
          o.code = a.body.code;
          if (a.status === 201) {
            o.id = a.body.id_cita;
            acked++;
          }
        } catch (err) {
          o.error = (err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
        }
        outcomes.push(o);
        if (!kill && acked >= KILL_AFTER_ACKS) {
          killedAt = outcomes.length;
          // Asynchronous: the other workers keep sending while the container dies.
          kill = docker('kill', '--signal=KILL', victimId);
        }
      }
    };
    const t0 = Date.now();
    await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, worker));
    await kill;
    const loadMs = Date.now() - t0;
    assert.ok(kill, `the victim was never killed (${acked} acknowledged)`);

    const ackedOutcomes = outcomes.filter((o) => o.status === 201);
    // No answer at all (connection refused or cut): the kill's doing.
    const failed = outcomes.filter((o) => o.error !== undefined);
    // An answer other than 201: not the kill's, and there must be none.
    const refused = outcomes.filter((o) => o.error === undefined && o.status !== 201);
    const byVia = (via: string, list: Outcome[]) => list.filter((o) => o.via === via).length;
    const reasons = new Map<string, number>();
    for (const o of failed) reasons.set(o.error!, (reasons.get(o.error!) ?? 0) + 1);
    console.log(
      `[compose-postgres] crash: ${outcomes.length} bookings sent in ${loadMs} ms (${LOAD_CONCURRENCY} at a time, alternating citas / citas-2), ${victim} SIGKILLed after ${killedAt} answers; ` +
        `acknowledged ${ackedOutcomes.length} (${byVia(survivor, ackedOutcomes)} by ${survivor}, ${byVia(victim, ackedOutcomes)} by ${victim}), ` +
        `failed due to the kill ${failed.length} (${[...reasons].map(([why, n]) => `${n} ${why}`).join(', ')}; ${failed.filter((o) => o.afterKill).length} of them sent after the kill), ` +
        `answered with an error, not the kill's ${refused.length} (${refused.map((o) => `${o.via} ${o.status} ${o.code ?? ''}`.trim()).join(', ') || 'none'})`,
    );
    // Only the killed process loses connections; the survivor answers everything it is sent.
    for (const o of failed) assert.equal(o.via, victim, `the surviving process dropped a connection: ${JSON.stringify(o)}`);
    assert.ok(failed.length > 0, 'the kill came too late to catch any request');
    // Distinct bookings: any refusal (409, 422, 5xx) would be the services' fault or the load's.
    assert.deepEqual(refused, [], 'every distinct booking a live process answered was booked');

    // Every acknowledged booking is there, read back through the survivor.
    const missing: Outcome[] = [];
    const wrong: string[] = [];
    for (let k = 0; k < ackedOutcomes.length; k += 8) {
      await Promise.all(
        ackedOutcomes.slice(k, k + 8).map(async (o) => {
          const a = await call(citasUrl[survivor], 'GET', `/citas/${o.id}`, undefined, adminToken);
          if (a.status !== 200) return void missing.push(o);
          if (!String(a.body.fecha).startsWith(o.fecha) || a.body.id_paciente !== o.idPaciente || a.body.id_doctor !== doctorId || a.body.estado !== 'Programada') {
            wrong.push(`${o.id}: sent ${o.fecha} patient ${o.idPaciente}, read ${JSON.stringify(a.body)}`);
          }
        }),
      );
    }
    console.log(`[compose-postgres] crash: ${ackedOutcomes.length - missing.length} of ${ackedOutcomes.length} acknowledged citas read back through ${survivor}, ${missing.length} missing`);
    assert.deepEqual(missing, [], 'acknowledged bookings missing after the kill');
    assert.deepEqual(wrong, []);

    // The killed container: Docker counts `docker kill` as a manual stop, so
    // `restart: unless-stopped` leaves it down (a crash of node itself, or the
    // kernel's OOM killer, is restarted by the policy). Started again, it serves.
    // `docker kill` has returned, so the state read now is the kill's: no waiting for it.
    let state = (await inspect(victimId)).State;
    const restartedByPolicy = state.Running === true;
    if (!restartedByPolicy) {
      assert.equal(state.ExitCode, 137, `expected the SIGKILL exit code: ${JSON.stringify(state)}`);
      await docker('start', victimId);
    }
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      state = (await inspect(victimId)).State;
      if (state.Health?.Status === 'healthy') break;
      await sleep(1_000);
    }
    assert.equal(state.Health?.Status, 'healthy', `${victim} did not become healthy again: ${JSON.stringify(state.Health)}`);
    const sample = ackedOutcomes.filter((o) => o.via === victim).at(-1) ?? ackedOutcomes[0];
    const seen = expectStatus(await call(citasUrl[victim], 'GET', `/citas/${sample.id}`, undefined, adminToken), 200);
    assert.equal(seen.id_cita, sample.id);
    const booked = expectStatus(
      await call(citasUrl[victim], 'POST', '/citas', { fecha: `${addDays(RACE_DAY, 1)}T10:00:00`, motivo: 'Después del reinicio', id_paciente: patientIds[0], id_doctor: doctorId, id_centro: centerId }, adminToken),
      201,
    );
    console.log(`[compose-postgres] crash: ${victim} ${restartedByPolicy ? 'restarted by its restart policy' : 'started again with docker start'}, healthy, reads cita ${sample.id} and booked cita ${booked.id_cita}`);
  });
});
