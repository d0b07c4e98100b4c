import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../../../loader/api-client';
import { DEFAULT_OPTIONS, generateData, writeData } from '../../../loader/generate-data';
import { load } from '../../../loader/load';
import { loadSchedules, weeklyPlan } from '../../../loader/load-schedules';
import { DEFAULT_CONCURRENCY } from '../../../loader/pool';
import { type LoopbackServer, listenOnLoopback } from '../../support/loopback-server';

/** How long the fake waits for another request before it lets the held ones go (only so that serial code ends instead of hanging). */
const QUIET_MS = 40;
/**
 * The quiet of a test whose held requests are let go by a count (holdUntil):
 * never met by a loader that behaves, only by one that never sends the
 * count, which then fails instead of hanging. A count met within 40 ms of
 * quiet is a race with the machine's load.
 */
const BACKSTOP_MS = 5000;

interface Held {
  label: string;
  answer: () => void;
}

/**
 * A stand-in for both services on one port (their paths do not overlap),
 * answering what load() and loadSchedules() ask. It counts the requests in
 * flight and holds the ones `hold` picks until `holdUntil` of them are held
 * (or nothing new arrives for QUIET_MS), so concurrency shows in counts, not
 * in timings.
 */
class FakeClinic {
  doctors = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, nombre: `Doctor ${i + 1}` }));
  centers = [1, 2, 3].map((id) => ({ id, nombre: `Centro ${id}` }));
  /** Doctors that already have a schedule. */
  withSchedule = new Set<number>();
  /** Doctors whose schedule cannot be read (500). */
  unreadable = new Set<number>();
  /** `doctor/centro` PUTs refused with 409. */
  refused = new Set<string>();
  refuseLogin = false;
  hold: (method: string, path: string) => boolean = () => false;
  holdUntil = 2;
  /** Held requests are also let go as soon as this holds after an answer (a count the test waits for, not a pause). */
  releaseWhen: () => boolean = () => false;
  /** Let held requests go when nothing new arrived for this long; Infinity: only holdUntil or releaseWhen do. */
  quietMs = QUIET_MS;
  /** Held requests are answered in arrival order, or the last first. */
  releaseOrder: 'arrival' | 'reverse' = 'arrival';

  /** Most requests seen in flight at once: to /agenda, PUTs, /health. */
  readonly max = { agenda: 0, puts: 0, health: 0 };
  /** PUTs in arrival order and in answer order, as `doctor/centro`. */
  readonly putsArrived: string[] = [];
  readonly putsAnswered: string[] = [];
  /** Doctors that had a second PUT arrive while one was in flight. */
  readonly doctorsRacing: number[] = [];
  /** Requests answered so far, by `METHOD /path`. */
  readonly answered = new Map<string, number>();

  url = '';
  private server!: LoopbackServer;
  private readonly now = { agenda: 0, puts: 0, health: 0 };
  private readonly doctorsPutting = new Set<number>();
  private held: Held[] = [];
  private quiet: NodeJS.Timeout | undefined;
  private nextId = 100;

  async start(): Promise<this> {
    this.server = await listenOnLoopback((req, res) => void this.handle(req, res));
    this.url = this.server.url;
    return this;
  }

  stop(): Promise<void> {
    clearTimeout(this.quiet);
    return this.server.close();
  }

  private count(kind: keyof FakeClinic['now'], res: ServerResponse): void {
    this.max[kind] = Math.max(this.max[kind], ++this.now[kind]);
    res.on('close', () => this.now[kind]--);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0];
    const agenda = /^\/agenda\/(\d+)\/horario$/.exec(path);
    if (agenda) this.count('agenda', res);
    if (path === '/health') this.count('health', res);
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const problem = (status: number, code: string): void => send(status, { status, code, detail: `${code} (fake)` });
    const list = (items: Record<string, unknown>[]): void => send(200, { items, total: items.length });

    let answer: () => void = () => problem(404, 'NO_ENCONTRADO');
    let label = `${method} ${path}`;
    if (path === '/health') answer = () => send(200, { status: 'ok' });
    else if (path === '/auth/login') answer = () => (this.refuseLogin ? problem(401, 'CREDENCIALES_INVALIDAS') : send(200, { access_token: 't1' }));
    else if (method === 'POST' && path.startsWith('/admin/')) answer = () => send(201, { id_doctor: this.nextId++ });
    else if (path === '/admin/doctores') answer = () => list(this.doctors.map((d) => ({ id_doctor: d.id, nombre: d.nombre, activo: true })));
    else if (path === '/admin/centros') answer = () => list(this.centers.map((c) => ({ id_centro: c.id, nombre: c.nombre, activo: true })));
    else if (agenda && method === 'GET') {
      const idDoctor = Number(agenda[1]);
      answer = () => {
        if (this.unreadable.has(idDoctor)) return problem(500, 'ERROR_INTERNO');
        send(200, { horarios: this.withSchedule.has(idDoctor) ? [{ id_centro: 1, franjas: [] }] : [] });
      };
    } else if (agenda && method === 'PUT') {
      const idDoctor = Number(agenda[1]);
      label = `${idDoctor}/${JSON.parse(raw).id_centro}`;
      this.count('puts', res);
      if (this.doctorsPutting.has(idDoctor)) this.doctorsRacing.push(idDoctor);
      this.doctorsPutting.add(idDoctor);
      this.putsArrived.push(label);
      const put = label;
      answer = () => {
        this.doctorsPutting.delete(idDoctor);
        this.putsAnswered.push(put);
        if (this.refused.has(put)) problem(409, 'HORARIO_SOLAPADO');
        else send(200, { horarios: [] });
      };
    }

    const reply = answer;
    answer = () => {
      reply();
      this.answered.set(`${method} ${path}`, (this.answered.get(`${method} ${path}`) ?? 0) + 1);
      if (this.held.length && this.releaseWhen()) this.release();
    };
    clearTimeout(this.quiet);
    if (!this.hold(method, path)) answer();
    else {
      this.held.push({ label, answer });
      if (this.held.length >= this.holdUntil) return this.release();
    }
    if (this.held.length && Number.isFinite(this.quietMs)) this.quiet = setTimeout(() => this.release(), this.quietMs);
  }

  private release(): void {
    const held = this.releaseOrder === 'reverse' ? this.held.reverse() : this.held;
    this.held = [];
    for (const h of held) h.answer();
  }
}

function clientFor(clinic: FakeClinic): ApiClient {
  // more sockets than any pool below, so the bound the fake sees is the pool's and not the agent's
  return new ApiClient({ adminUrl: clinic.url, citasUrl: clinic.url, credentials: { username: 'admin', password: 'x' }, maxSockets: 16 });
}

/** A fresh fake clinic and a client of it for one test, both closed afterwards. */
async function withClinic(test: (clinic: FakeClinic, api: ApiClient) => Promise<void>): Promise<void> {
  const clinic = await new FakeClinic().start();
  const api = clientFor(clinic);
  try {
    await test(clinic, api);
  } finally {
    api.close();
    await clinic.stop();
  }
}

describe('the schedules step keeps several doctors in flight', () => {
  it('has more than one doctor PUT in flight, never more than `concurrency` doctors, and never one doctor twice', () => withClinic(async (clinic, api) => {
    clinic.hold = (method) => method === 'PUT';
    clinic.holdUntil = 4; // only a pool that lets a fourth doctor in fills this: the others wait for QUIET_MS

    const result = await loadSchedules(api, { concurrency: 3 });

    const plan = weeklyPlan(clinic.doctors, clinic.centers);
    assert.deepEqual(result.failed, []);
    assert.equal(result.set.length, plan.length);
    assert.ok(clinic.max.puts > 1, `at most ${clinic.max.puts} PUT in flight`);
    assert.ok(clinic.max.agenda <= 3, `${clinic.max.agenda} agenda requests in flight with concurrency 3`);
    assert.deepEqual(clinic.doctorsRacing, [], "a doctor's two schedules are written one after the other");
    for (const d of clinic.doctors) {
      const mine = (labels: string[]): string[] => labels.filter((l) => l.startsWith(`${d.id}/`));
      assert.deepEqual(mine(clinic.putsArrived), mine(plan.map((p) => `${p.idDoctor}/${p.idCentro}`)), `doctor ${d.id}: home center first`);
    }
  }));
});

describe('the schedules step reports in plan order whatever order the answers come in', () => {
  it('lists set, skipped and failed doctors by id, centers in plan order', () => withClinic(async (clinic, api) => {
    clinic.doctors = clinic.doctors.slice(0, 8);
    const plan = weeklyPlan(clinic.doctors, clinic.centers);
    const secondOf4 = plan.filter((p) => p.idDoctor === 4)[1];
    clinic.withSchedule = new Set([3, 7]);
    clinic.unreadable = new Set([5]);
    clinic.refused = new Set([`4/${secondOf4.idCentro}`]);
    clinic.hold = (method) => method === 'PUT';
    clinic.holdUntil = 3;
    clinic.releaseOrder = 'reverse';

    const result = await loadSchedules(api, { concurrency: 4 });

    assert.notDeepEqual(
      clinic.putsAnswered,
      plan.map((p) => `${p.idDoctor}/${p.idCentro}`).filter((l) => clinic.putsAnswered.includes(l)),
      'the answers came out of plan order',
    );
    assert.deepEqual(
      result.set,
      plan.filter((p) => ![3, 5, 7].includes(p.idDoctor) && p !== secondOf4),
    );
    assert.deepEqual(result.skipped, [
      { idDoctor: 3, nombre: 'Doctor 3' },
      { idDoctor: 7, nombre: 'Doctor 7' },
    ]);
    assert.deepEqual(
      result.failed.map((f) => [f.idDoctor, f.code]),
      [
        [4, 'HORARIO_SOLAPADO'],
        [5, 'ERROR_INTERNO'],
      ],
    );
  }));
});

describe('load() keeps requests in flight at its start and in its schedules step', () => {
  let clinic: FakeClinic;
  let dataDir: string;
  before(async () => {
    clinic = await new FakeClinic().start();
    dataDir = mkdtempSync(join(tmpdir(), 'odontocare-loader-concurrency-'));
    writeData(dataDir, generateData({ ...DEFAULT_OPTIONS, users: 2, centers: 2, doctors: 2, patients: 3 }));
  });
  after(async () => {
    await clinic?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes schedules with its --concurrency doctors at once', async () => {
    const concurrency = DEFAULT_CONCURRENCY + 2; // not the default, so it must come from the options
    // The first `concurrency` PUTs are held until all of them are (one from each doctor in flight); the rest are
    // answered at once, so no held PUT waits on a quiet spell that a loaded machine could end before the last came.
    let puts = 0;
    clinic.hold = (method) => method === 'PUT' && ++puts <= concurrency;
    clinic.holdUntil = concurrency;
    clinic.quietMs = BACKSTOP_MS;

    const result = await load({ dataDir, adminUrl: clinic.url, citasUrl: clinic.url, concurrency, book: false }).finally(() => {
      clinic.quietMs = QUIET_MS;
    });

    assert.equal(result.fatal, undefined);
    assert.equal(result.schedules?.set.length, weeklyPlan(clinic.doctors, clinic.centers).length);
    assert.equal(clinic.max.puts, concurrency);
  });

  it('writes the schedules while the patients are still going in, and reports them as before', async () => {
    const patientsAnswered = (): number => clinic.answered.get('POST /admin/pacientes') ?? 0;
    const before = patientsAnswered(); // the clinic is shared with the other tests of this suite
    const patientsAnsweredAtEachPut: number[] = [];
    clinic.hold = (method, path) => {
      if (method === 'PUT') patientsAnsweredAtEachPut.push(patientsAnswered() - before);
      return method === 'POST' && path === '/admin/pacientes';
    };
    // The patients wait until every schedule is answered. Released after a quiet spell instead, a loaded machine
    // that paused the loader for longer than the spell let them go while schedules were still to come.
    const schedulesBefore = clinic.putsAnswered.length;
    const plan = weeklyPlan(clinic.doctors, clinic.centers).length;
    clinic.holdUntil = Number.POSITIVE_INFINITY;
    clinic.quietMs = Number.POSITIVE_INFINITY;
    clinic.releaseWhen = () => clinic.putsAnswered.length - schedulesBefore >= plan;

    const result = await load({ dataDir, adminUrl: clinic.url, citasUrl: clinic.url, book: false }).finally(() => {
      clinic.quietMs = QUIET_MS;
      clinic.releaseWhen = () => false;
    });

    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.files.map((f) => [f.file, f.created]), [
      ['usuarios.csv', 2],
      ['centros.csv', 2],
      ['doctores.csv', 2],
      ['pacientes.csv', 3],
    ]);
    assert.equal(result.schedules?.set.length, weeklyPlan(clinic.doctors, clinic.centers).length);
    assert.equal(patientsAnsweredAtEachPut.length, result.schedules?.set.length);
    assert.deepEqual(new Set(patientsAnsweredAtEachPut), new Set([0]), 'every schedule was written before any patient was answered');
  });

  it('when citas drops the schedules step, every patient still goes in and then the run stops naming citas', async () => {
    clinic.hold = () => false;
    clinic.refuseLogin = false;
    // citas answers its probe, then drops every connection
    const citas = await listenOnLoopback((req, res) => (req.url === '/health' ? void res.end('{"status":"ok"}') : void req.socket.destroy()));
    try {
      const result = await load({ dataDir, adminUrl: clinic.url, citasUrl: citas.url });

      assert.match(result.fatal ?? '', /servicio citas en .*CITAS_URL/);
      assert.deepEqual(result.files.map((f) => [f.file, f.created, f.failed]), [
        ['usuarios.csv', 2, 0],
        ['centros.csv', 2, 0],
        ['doctores.csv', 2, 0],
        ['pacientes.csv', 3, 0],
      ]);
    } finally {
      await citas.close();
    }
  });

  it('asks admin and citas for /health at the same time', async () => {
    clinic.hold = (_method, path) => path === '/health';
    clinic.holdUntil = 2;
    clinic.quietMs = BACKSTOP_MS; // both probes are let go by their count; 40 ms of quiet could let the first go before the second came
    clinic.refuseLogin = true; // the run stops right after the probes and the login

    const result = await load({ dataDir, adminUrl: clinic.url, citasUrl: clinic.url }).finally(() => {
      clinic.quietMs = QUIET_MS;
    });

    assert.match(result.fatal ?? '', /no puede iniciar sesión.*CREDENCIALES_INVALIDAS/);
    assert.equal(clinic.max.health, 2);
  });

  it('still names admin when neither service answers, and citas when only citas is down', async () => {
    const nowhere = 'http://127.0.0.1:9';
    clinic.hold = () => false;
    clinic.refuseLogin = false;

    const both = await load({ dataDir, adminUrl: nowhere, citasUrl: nowhere });
    assert.match(both.fatal ?? '', /servicio admin en http:\/\/127\.0\.0\.1:9 .*ADMIN_URL/);

    const citasDown = await load({ dataDir, adminUrl: clinic.url, citasUrl: nowhere });
    assert.match(citasDown.fatal ?? '', /servicio citas en http:\/\/127\.0\.0\.1:9 .*CITAS_URL/);
    assert.deepEqual(citasDown.files, [], 'nothing was sent');
  });

  it('with --no-cita the schedules step still needs citas: citas down stops the run before any row is sent, naming it', async () => {
    const nowhere = 'http://127.0.0.1:9';
    clinic.hold = () => false;
    clinic.refuseLogin = false;

    const noCita = await load({ dataDir, adminUrl: clinic.url, citasUrl: nowhere, book: false });
    assert.match(noCita.fatal ?? '', /servicio citas en http:\/\/127\.0\.0\.1:9 .*CITAS_URL/);
    assert.deepEqual(noCita.files, [], 'nothing was sent');

    const neither = await load({ dataDir, adminUrl: clinic.url, citasUrl: nowhere, book: false, schedules: false });
    assert.equal(neither.fatal, undefined, 'without the cita and the schedules, citas is not needed');
    assert.ok(neither.ok);
  });
});
