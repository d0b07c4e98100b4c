import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { FixedClock } from '../fakes/fixed-clock';
import { addDays, firstMondayNextYear } from '../support/clinic-days';
import { type CenterRecord, type DoctorAccount, type PatientAccount, startTestSystem, type TestSystem, type TestSystemOptions } from '../support/citas';
import { describeWithPostgres } from '../support/postgres';

/**
 * POST /citas with an Idempotency-Key (IETF httpapi draft "The
 * Idempotency-Key HTTP Header Field"): a booking whose answer was lost can
 * be sent again and answers the cita it made, never a second one nor a 409
 * for the slot it took itself. The same walk on SQLite and on PostgreSQL.
 */
function idempotentBookings(start: () => Promise<TestSystemOptions>, clock: FixedClock): void {
  let sys: TestSystem;
  let doctor: DoctorAccount;
  let patient: PatientAccount;
  let center: CenterRecord;
  let day: string;
  let hour = 8;

  before(async () => {
    sys = await startTestSystem(await start());
    [doctor, patient, center] = await Promise.all([sys.createDoctor(), sys.createPatient(), sys.createCenter()]);
    day = firstMondayNextYear(clock.now(), 6);
  });
  after(() => sys?.close());

  /** A booking of the next free hour, in the patient's name. */
  const aBooking = (over: Record<string, unknown> = {}) => {
    hour += 1;
    return { fecha: `${day}T${String(hour).padStart(2, '0')}:00:00`, motivo: 'Revisión', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id, ...over };
  };
  const post = async (body: unknown, key: string | undefined, token?: string) =>
    sys.citas.request('POST', '/citas', body, token ?? (await patient.token()), key === undefined ? {} : { 'idempotency-key': key });
  const bookingsCounted = async () => Number(/^citas_reservas_total (\d+)/m.exec((await sys.citas.get('/metrics')).body)?.[1]);
  const citasOfTheDay = async (fecha = day) =>
    (await sys.citas.get(`/citas?fecha=${fecha}&id_doctor=${doctor.id}&page_size=100`, sys.adminToken)).body.items as { id_cita: number; fecha: string }[];

  it('answers the same key and body again with the cita it booked (201, same body and Location, Idempotent-Replayed), and books once', async () => {
    const key = randomUUID();
    const body = aBooking();
    const first = await post(body, key);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.headers.get('idempotent-replayed'), null);
    const booked = await bookingsCounted();
    assert.ok(booked >= 1, `citas_reservas_total counts the first booking (${booked})`);
    const again = await post(body, key);
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal(await bookingsCounted(), booked, 'a replay is not counted as a booking (GET /metrics)');
    assert.deepEqual(again.body, first.body);
    assert.equal(again.headers.get('location'), first.headers.get('location'));
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal((await citasOfTheDay()).filter((c) => c.fecha === first.body.fecha).length, 1);
    const history = await sys.citas.get(`/citas/${first.body.id_cita}/historial`, sys.adminToken);
    assert.equal(history.body.length, 1, 'one history row: the replay wrote nothing');
  });

  it('accepts the key written as the draft writes it, a quoted string, as the same key', async () => {
    const key = randomUUID();
    const body = aBooking();
    const first = await post(body, key);
    const again = await post(body, `"${key}"`);
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal(again.body.id_cita, first.body.id_cita);
  });

  it('refuses the same key with a different body (422 IDEMPOTENCIA_REUTILIZADA) and changes nothing', async () => {
    const key = randomUUID();
    const first = await post(aBooking(), key);
    assert.equal(first.status, 201);
    const before = await citasOfTheDay();
    const other = await post(aBooking(), key);
    assert.equal(other.status, 422, JSON.stringify(other.body));
    assert.equal(other.body.code, 'IDEMPOTENCIA_REUTILIZADA');
    assert.match(other.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.deepEqual(await citasOfTheDay(), before);
  });

  it('scopes a key to its user: another user sending the same key books their own cita', async () => {
    const key = randomUUID();
    const mine = await post(aBooking(), key);
    const admins = await post(aBooking(), key, sys.adminToken);
    assert.equal(admins.status, 201, JSON.stringify(admins.body));
    assert.equal(admins.headers.get('idempotent-replayed'), null);
    assert.notEqual(admins.body.id_cita, mine.body.id_cita);
  });

  it('refuses a malformed key with 400 problem JSON naming the header, and books nothing', async () => {
    const before = await citasOfTheDay();
    for (const bad of ['', 'x'.repeat(256), 'con espacio', 'ñandú', 'a,b']) {
      const res = await post(aBooking(), bad);
      assert.equal(res.status, 400, `${JSON.stringify(bad)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'PARAMETRO_INVALIDO');
      assert.equal(res.body.errors[0].path, 'Idempotency-Key');
    }
    assert.deepEqual(await citasOfTheDay(), before);
  });

  it('stores nothing for a failed request: a retry after a 503 really books', async () => {
    const key = randomUUID();
    const body = aBooking();
    await patient.token();
    await sys.stopAdmin();
    let failed;
    try {
      failed = await post(body, key);
    } finally {
      await sys.startAdminAgain();
    }
    assert.equal(failed.status, 503, JSON.stringify(failed.body));
    const retried = await post(body, key);
    assert.equal(retried.status, 201, JSON.stringify(retried.body));
    assert.equal(retried.headers.get('idempotent-replayed'), null);
  });

  it('stores nothing for a refused request: the same key after a 409 is judged again', async () => {
    const taken = aBooking();
    assert.equal((await post(taken, undefined, sys.adminToken)).status, 201);
    const key = randomUUID();
    const refused = await post({ ...taken, motivo: 'Otra' }, key);
    assert.equal(refused.status, 409);
    const again = await post({ ...taken, motivo: 'Otra' }, key);
    assert.equal(again.status, 409, 'judged again, not a replay of anything');
  });

  it('books once when many requests carry the same key at the same time; the others answer that cita', async () => {
    const key = randomUUID();
    const body = aBooking();
    const token = await patient.token();
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(body, key, token)));
    const statuses = answers.map((a) => a.status);
    assert.ok(statuses.every((s) => s === 201), JSON.stringify(answers.map((a) => a.body)));
    assert.equal(new Set(answers.map((a) => a.body.id_cita)).size, 1);
    assert.equal(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true').length, 7);
    assert.equal((await citasOfTheDay()).filter((c) => c.fecha === answers[0].body.fecha).length, 1);
  });

  it('forgets a key 24 h after it was stored: the same request is then judged as new (here 409, its own cita holds the slot)', async () => {
    const key = randomUUID();
    const body = aBooking({ fecha: `${addDays(day, 2)}T10:00:00` });
    const first = await post(body, key);
    assert.equal(first.status, 201);
    const saved = clock.now();
    try {
      clock.set(new Date(saved.getTime() + 24 * 3_600_000 - 60_000));
      assert.equal((await post(body, key)).headers.get('idempotent-replayed'), 'true', 'still remembered just before 24 h');
      clock.set(new Date(saved.getTime() + 24 * 3_600_000 + 60_000));
      const late = await post(body, key);
      assert.equal(late.status, 409, JSON.stringify(late.body));
      assert.equal(late.body.code, 'DOCTOR_OCUPADO');
    } finally {
      clock.set(saved);
    }
  });
}

/** One patient books every cita of the walk. */
const MANY_CITAS = { MAX_CITAS_FUTURAS: '50' };

describe('POST /citas with Idempotency-Key, on SQLite', () => {
  const clock = new FixedClock('2026-03-02T08:00:00Z');
  idempotentBookings(async () => ({ citasEnv: MANY_CITAS, citasOverrides: { clock } }), clock);
});

describeWithPostgres('POST /citas with Idempotency-Key, on PostgreSQL', (pg) => {
  const clock = new FixedClock('2026-03-02T08:00:00Z');
  idempotentBookings(async () => ({ citasEnv: { ...MANY_CITAS, CITAS_DATABASE_URL: await pg().createDatabase('citas'), CITAS_DATABASE_POOL: '4' }, citasOverrides: { clock } }), clock);
});
