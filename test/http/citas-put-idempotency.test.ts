import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { clinicDateOf } from '../../core/domain/clinic-time';
import { FixedClock } from '../fakes/fixed-clock';
import { addDays, firstMondayNextYear } from '../support/clinic-days';
import {
  type Account,
  type CenterRecord,
  type DoctorAccount,
  type PatientAccount,
  startTestCitas,
  startTestSystem,
  type TestCitas,
  type TestSystem,
  type TestSystemOptions,
} from '../support/citas';
import { describeWithPostgres } from '../support/postgres';

/**
 * PUT /citas/{id} (and DELETE) with an Idempotency-Key, as POST /citas
 * (citas-idempotency.test.ts): a receptionist whose change or cancellation
 * went through but whose answer was lost presses the button again, and gets
 * the answer she missed (200, Idempotent-Replayed) instead of 409
 * CITA_REEMPLAZADA or "ya cancelada" for what her own first press did; and
 * nothing changes a second time. The same walk on SQLite and on PostgreSQL.
 */
function idempotentChanges(start: () => Promise<TestSystemOptions>, clock: FixedClock): void {
  let sys: TestSystem;
  let doctor: DoctorAccount;
  let otherDoctor: DoctorAccount;
  let patient: PatientAccount;
  let center: CenterRecord;
  let receptionist: Account;
  let day: string;
  let slot = 0;

  before(async () => {
    sys = await startTestSystem(await start());
    [doctor, otherDoctor, patient, center, receptionist] = await Promise.all([
      sys.createDoctor(),
      sys.createDoctor(),
      sys.createPatient(),
      sys.createCenter(),
      sys.createSecretaria(),
    ]);
    day = firstMondayNextYear(clock.now(), 6);
  });
  after(() => sys?.close());

  /** The next free half hour (08:00, 08:30, ... then the next day), as the API reads `fecha`. */
  const nextFecha = () => {
    const n = slot++;
    const minutes = 8 * 60 + (n % 24) * 30;
    return `${addDays(day, Math.floor(n / 24))}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
  };
  /** A cita of the patient's, booked by admin without a key. */
  const aCita = async (fecha = nextFecha()): Promise<{ id_cita: number; fecha: string }> => {
    const res = await sys.citas.post(
      '/citas',
      { fecha, motivo: 'Revisión', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id },
      sys.adminToken,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const put = async (id: number, body: unknown, key: string | undefined, token?: string) =>
    sys.citas.request('PUT', `/citas/${id}`, body, token ?? (await receptionist.token()), key === undefined ? {} : { 'idempotency-key': key });
  const post = async (body: unknown, key: string, token?: string) =>
    sys.citas.request('POST', '/citas', body, token ?? (await patient.token()), { 'idempotency-key': key });
  const historyOf = async (id: number) => (await sys.citas.get(`/citas/${id}/historial`, sys.adminToken)).body as { accion: string }[];
  const citaOf = async (id: number) => (await sys.citas.get(`/citas/${id}`, sys.adminToken)).body as { estado: string; id_cita_nueva?: number };
  const citasOfDoctor = async (id = doctor.id) =>
    (await sys.citas.get(`/citas?id_doctor=${id}&page_size=100`, sys.adminToken)).body.items as { id_cita: number; estado: string }[];

  it('a change sent again with its key answers the first answer (200, same body, Idempotent-Replayed) and makes no second cita', async () => {
    const cita = await aCita();
    const key = randomUUID();
    const change = { fecha: nextFecha(), id_doctor: otherDoctor.id };
    const first = await put(cita.id_cita, change, key);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.headers.get('idempotent-replayed'), null);
    assert.equal(first.body.cita_anterior.id_cita, cita.id_cita);
    const again = await put(cita.id_cita, change, key);
    assert.equal(again.status, 200, `not 409 CITA_REEMPLAZADA: ${JSON.stringify(again.body)}`);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.body, first.body);
    assert.equal((await citasOfDoctor(otherDoctor.id)).filter((c) => c.estado === 'Programada').length, 1, 'one new cita');
    assert.deepEqual((await historyOf(cita.id_cita)).map((e) => e.accion), ['creada', 'reprogramada']);
    assert.deepEqual((await historyOf(first.body.cita_nueva.id_cita)).map((e) => e.accion), ['creada']);
  });

  it('the replay is the answer as it was first sent, even after the new cita changed since', async () => {
    const cita = await aCita();
    const key = randomUUID();
    const change = { fecha: nextFecha() };
    const first = await put(cita.id_cita, change, key);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal((await put(first.body.cita_nueva.id_cita, { estado: 'Confirmada' }, undefined)).status, 200);
    const again = await put(cita.id_cita, change, key);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first.body);
    assert.equal((await citaOf(first.body.cita_nueva.id_cita)).estado, 'Confirmada', 'the replay changed nothing back');
  });

  it('a cancellation sent again with its key answers the first answer, and cancels once', async () => {
    const cita = await aCita();
    const key = randomUUID();
    const body = { estado: 'Cancelada', motivo_cancelacion: 'Llamó para anular' };
    const first = await put(cita.id_cita, body, key);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.cita.estado, 'Cancelada');
    const again = await put(cita.id_cita, body, key);
    assert.equal(again.status, 200, `not 409 for the cancellation it made itself: ${JSON.stringify(again.body)}`);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.body, first.body);
    assert.deepEqual((await historyOf(cita.id_cita)).map((e) => e.accion), ['creada', 'cancelada']);
  });

  it('DELETE /citas/{id} (a cancellation) sent again with its key answers the first answer', async () => {
    const cita = await aCita();
    const key = randomUUID();
    const token = await receptionist.token();
    const first = await sys.citas.request('DELETE', `/citas/${cita.id_cita}`, undefined, token, { 'idempotency-key': key });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const again = await sys.citas.request('DELETE', `/citas/${cita.id_cita}`, undefined, token, { 'idempotency-key': key });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.body, first.body);
  });

  it('a confirmation, and Atendida once the cita has started, sent again with their keys answer the first answers', async () => {
    // Today, so that moving the clock past its start keeps the tokens (issued by admin's real clock) valid.
    const cita = await aCita(`${clinicDateOf(clock.now(), 'Europe/Madrid')}T14:00:00`);
    const confirmKey = randomUUID();
    const confirmed = await put(cita.id_cita, { estado: 'Confirmada' }, confirmKey);
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    const confirmedAgain = await put(cita.id_cita, { estado: 'Confirmada' }, confirmKey);
    assert.equal(confirmedAgain.status, 200, `not 409 TRANSICION_INVALIDA: ${JSON.stringify(confirmedAgain.body)}`);
    assert.equal(confirmedAgain.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(confirmedAgain.body, confirmed.body);

    const saved = clock.now();
    try {
      clock.set(new Date(Date.parse(cita.fecha) + 10 * 60_000));
      const key = randomUUID();
      const attended = await put(cita.id_cita, { estado: 'Atendida' }, key);
      assert.equal(attended.status, 200, JSON.stringify(attended.body));
      const again = await put(cita.id_cita, { estado: 'Atendida' }, key);
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(again.body, attended.body);
    } finally {
      clock.set(saved);
    }
    assert.deepEqual((await historyOf(cita.id_cita)).map((e) => e.accion), ['creada', 'confirmada', 'atendida']);
  });

  it('a key is one request: the same key on another cita, another body or another operation is 422 IDEMPOTENCIA_REUTILIZADA and changes nothing', async () => {
    const [one, two] = [await aCita(), await aCita()];
    const key = randomUUID();
    const cancel = { estado: 'Cancelada' };
    assert.equal((await put(one.id_cita, cancel, key)).status, 200);
    for (const [id, body] of [
      [two.id_cita, cancel],
      [one.id_cita, { estado: 'Cancelada', motivo_cancelacion: 'Otro motivo' }],
      [one.id_cita, { estado: 'Confirmada' }],
      [one.id_cita, { fecha: nextFecha() }],
    ] as const) {
      const res = await put(id, body, key);
      assert.equal(res.status, 422, `${id} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'IDEMPOTENCIA_REUTILIZADA');
    }
    assert.equal((await citaOf(two.id_cita)).estado, 'Programada');
  });

  it("keeps POST's and PUT's keys apart: a booking's key sent with a change of its cita is 422, and the cita is not changed", async () => {
    const key = randomUUID();
    const booking = { fecha: nextFecha(), motivo: 'Revisión', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id };
    const booked = await post(booking, key);
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const token = await patient.token();
    const changed = await put(booked.body.id_cita, { fecha: nextFecha() }, key, token);
    assert.equal(changed.status, 422, JSON.stringify(changed.body));
    assert.equal(changed.body.code, 'IDEMPOTENCIA_REUTILIZADA');
    const cancelled = await put(booked.body.id_cita, { estado: 'Cancelada' }, key, token);
    assert.equal(cancelled.status, 422, JSON.stringify(cancelled.body));
    assert.equal((await citaOf(booked.body.id_cita)).estado, 'Programada');
    const rebooked = await post(booking, key);
    assert.equal(rebooked.headers.get('idempotent-replayed'), 'true', 'the booking still replays under its key');

    const changeKey = randomUUID();
    const cita = await aCita();
    assert.equal((await put(cita.id_cita, { fecha: nextFecha() }, changeKey, token)).status, 200);
    const reused = await post({ ...booking, fecha: nextFecha() }, changeKey);
    assert.equal(reused.status, 422, JSON.stringify(reused.body));
    assert.equal(reused.body.code, 'IDEMPOTENCIA_REUTILIZADA');
  });

  it("scopes a key to its user: another user's identical key on their own change is another key", async () => {
    const [mine, theirs] = [await aCita(), await aCita()];
    const key = randomUUID();
    assert.equal((await put(mine.id_cita, { estado: 'Cancelada' }, key)).status, 200);
    const other = await put(theirs.id_cita, { estado: 'Cancelada' }, key, sys.adminToken);
    assert.equal(other.status, 200, JSON.stringify(other.body));
    assert.equal(other.headers.get('idempotent-replayed'), null);
    assert.equal(other.body.cita.id_cita, theirs.id_cita);
  });

  it('refuses a malformed key with 400 naming the header, and changes nothing', async () => {
    const cita = await aCita();
    for (const bad of ['', 'con espacio', 'x'.repeat(256)]) {
      const res = await put(cita.id_cita, { estado: 'Cancelada' }, bad);
      assert.equal(res.status, 400, `${JSON.stringify(bad)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'PARAMETRO_INVALIDO');
      assert.equal(res.body.errors[0].path, 'Idempotency-Key');
    }
    assert.equal((await citaOf(cita.id_cita)).estado, 'Programada');
  });

  it('refuses a malformed key on DELETE with 400 naming the header, and cancels nothing', async () => {
    const cita = await aCita();
    const token = await receptionist.token();
    for (const bad of ['', 'con espacio', 'a,b', 'x'.repeat(256)]) {
      const res = await sys.citas.request('DELETE', `/citas/${cita.id_cita}`, undefined, token, { 'idempotency-key': bad });
      assert.equal(res.status, 400, `${JSON.stringify(bad)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'PARAMETRO_INVALIDO');
      assert.equal(res.body.errors[0].path, 'Idempotency-Key');
    }
    assert.equal((await citaOf(cita.id_cita)).estado, 'Programada');
  });

  it('stores nothing for a failed change: its retry after a 503 changes the cita', async () => {
    const cita = await aCita();
    const key = randomUUID();
    const change = { fecha: nextFecha() };
    await receptionist.token();
    await sys.stopAdmin();
    let failed;
    try {
      failed = await put(cita.id_cita, change, key);
    } finally {
      await sys.startAdminAgain();
    }
    assert.equal(failed.status, 503, JSON.stringify(failed.body));
    const retried = await put(cita.id_cita, change, key);
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    assert.equal(retried.headers.get('idempotent-replayed'), null);
    assert.equal((await citaOf(cita.id_cita)).id_cita_nueva, retried.body.cita_nueva.id_cita);
  });

  it('stores nothing for a refused change: the same key after a 409 is judged again', async () => {
    const [cita, taken] = [await aCita(), await aCita()];
    const key = randomUUID();
    const refused = await put(cita.id_cita, { fecha: taken.fecha }, key);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal((await sys.citas.delete(`/citas/${taken.id_cita}`, sys.adminToken)).status, 200);
    const again = await put(cita.id_cita, { fecha: taken.fecha }, key);
    assert.equal(again.status, 200, `judged again, and the slot is free now: ${JSON.stringify(again.body)}`);
    assert.equal(again.headers.get('idempotent-replayed'), null);
  });

  it('changes once when many copies of one change carry the same key at the same time; the others answer that change', async () => {
    const cita = await aCita();
    const key = randomUUID();
    const change = { fecha: nextFecha(), motivo: 'Revisión y limpieza' };
    const token = await receptionist.token();
    const answers = await Promise.all(Array.from({ length: 8 }, () => put(cita.id_cita, change, key, token)));
    assert.ok(
      answers.every((a) => a.status === 200),
      JSON.stringify(answers.map((a) => [a.status, a.body.code])),
    );
    assert.equal(new Set(answers.map((a) => a.body.cita_nueva.id_cita)).size, 1);
    assert.equal(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true').length, 7);
    assert.deepEqual((await historyOf(cita.id_cita)).map((e) => e.accion), ['creada', 'reprogramada']);
  });

  it('forgets a key 24 h after it was stored: the same change is then judged as new (409 CITA_REEMPLAZADA)', async () => {
    const cita = await aCita();
    const key = randomUUID();
    const change = { fecha: nextFecha() };
    assert.equal((await put(cita.id_cita, change, key)).status, 200);
    const saved = clock.now();
    try {
      clock.set(new Date(saved.getTime() + 24 * 3_600_000 - 60_000));
      assert.equal((await put(cita.id_cita, change, key)).headers.get('idempotent-replayed'), 'true', 'still remembered just before 24 h');
      clock.set(new Date(saved.getTime() + 24 * 3_600_000 + 60_000));
      const late = await put(cita.id_cita, change, key);
      assert.equal(late.status, 409, JSON.stringify(late.body));
      assert.equal(late.body.code, 'CITA_REEMPLAZADA');
    } finally {
      clock.set(saved);
    }
  });
}

/** One patient holds every cita of the walk. */
const MANY_CITAS = { MAX_CITAS_FUTURAS: '100' };

describe('PUT /citas/{id} with Idempotency-Key, on SQLite', () => {
  const clock = new FixedClock('2026-03-02T08:00:00Z');
  idempotentChanges(async () => ({ citasEnv: MANY_CITAS, citasOverrides: { clock } }), clock);
});

describeWithPostgres('PUT /citas/{id} with Idempotency-Key, on PostgreSQL', (pg) => {
  const clock = new FixedClock('2026-03-02T08:00:00Z');
  idempotentChanges(async () => ({ citasEnv: { ...MANY_CITAS, CITAS_DATABASE_URL: await pg().createDatabase('citas'), CITAS_DATABASE_POOL: '4' }, citasOverrides: { clock } }), clock);
});

/**
 * citas and citas-2 on one database (compose.postgres.yml), the web taking
 * turns between them: copies of one request with one key, split across the
 * two processes, meet at the key's advisory lock, not an in-process gate.
 */
describeWithPostgres('PUT and DELETE /citas/{id} with Idempotency-Key, across two citas processes on PostgreSQL', (pg) => {
  const clock = new FixedClock('2026-03-02T08:00:00Z');
  let sys: TestSystem;
  let citas2: TestCitas;
  let doctor: DoctorAccount;
  let otherDoctor: DoctorAccount;
  let patient: PatientAccount;
  let center: CenterRecord;
  let receptionist: Account;
  let day: string;
  let slot = 0;

  before(async () => {
    const env = { ...MANY_CITAS, CITAS_DATABASE_URL: await pg().createDatabase('citas'), CITAS_DATABASE_POOL: '3' };
    sys = await startTestSystem({ citasEnv: env, citasOverrides: { clock } });
    citas2 = await startTestCitas(sys.admin.url, env, { clock });
    [doctor, otherDoctor, patient, center, receptionist] = await Promise.all([
      sys.createDoctor(),
      sys.createDoctor(),
      sys.createPatient(),
      sys.createCenter(),
      sys.createSecretaria(),
    ]);
    day = firstMondayNextYear(clock.now(), 6);
  });
  after(async () => {
    await citas2?.close();
    await sys?.close();
  });

  /** The next free half hour from 08:00, as the first walk's. */
  const nextFecha = () => {
    const n = slot++;
    const minutes = 8 * 60 + (n % 24) * 30;
    return `${addDays(day, Math.floor(n / 24))}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
  };
  const aCita = async (): Promise<{ id_cita: number }> => {
    const res = await sys.citas.post(
      '/citas',
      { fecha: nextFecha(), motivo: 'Revisión', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id },
      sys.adminToken,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };

  for (const [what, method, body] of [
    ['a change', 'PUT', () => ({ fecha: nextFecha(), id_doctor: otherDoctor.id })],
    ['a cancellation (PUT)', 'PUT', () => ({ estado: 'Cancelada' })],
    ['a cancellation (DELETE)', 'DELETE', () => undefined],
    ['a confirmation', 'PUT', () => ({ estado: 'Confirmada' })],
  ] as const) {
    it(`${what}: ten copies with one key, half to each process, act once; nine replay`, async () => {
      const cita = await aCita();
      const key = randomUUID();
      const token = await receptionist.token();
      const sent = body();
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? citas2 : sys.citas).request(method, `/citas/${cita.id_cita}`, sent, token, { 'idempotency-key': key })),
      );
      assert.ok(
        answers.every((a) => a.status === 200),
        JSON.stringify(answers.map((a) => [a.status, a.body.code])),
      );
      assert.equal(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true').length, 9);
      assert.equal(new Set(answers.map((a) => JSON.stringify(a.body))).size, 1, 'every copy answers the one answer');
      const history = (await sys.citas.get(`/citas/${cita.id_cita}/historial`, sys.adminToken)).body as { accion: string }[];
      assert.equal(history.length, 2, JSON.stringify(history.map((e) => e.accion)));
    });
  }
});
