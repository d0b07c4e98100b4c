import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PgDatabase } from '../../adapters/postgres/pg-database';
import { SqliteUnitOfWork } from '../../adapters/sqlite/open-database';
import { FixedClock } from '../fakes/fixed-clock';
import { type ApiResponse, type CenterRecord, type DoctorAccount, type PatientAccount, startTestSystem, type TestSystem } from '../support/citas';
import { addDays, firstMondayNextYear } from '../support/clinic-days';
import { holdFirstCall } from '../support/held-requests';
import { describeWithPostgres } from '../support/postgres';

/**
 * Requests that meet each other, fired together at the real services (real
 * HTTP, SQLite files): what the clinic's staff would notice if the write of
 * one did not see the other. The system replaces phone booking, which
 * double-booked doctors; the contract says the booking rules hold under
 * concurrent requests, not only one at a time. Each scenario uses its own
 * doctor, so they cannot disturb one another.
 */

const clock = new FixedClock();
const DAY = firstMondayNextYear(clock.now(), 10); // October: Madrid on +02:00

/** A cita's rows in the outbox, oldest first: what the worker has sent or will send about it. */
interface OutboxRow {
  tipo: string;
  id_cita: number;
  pendiente: boolean;
}

/** Citas on one storage engine: its environment, its unit of work's class, and its outbox read straight from its database. */
interface Engine {
  env(): Promise<Record<string, string>>;
  unitOfWork: { prototype: SqliteUnitOfWork | PgDatabase };
  outbox(sys: TestSystem, idCitas: number[]): Promise<OutboxRow[]>;
}

const OUTBOX_OF = (idCitas: number[]) =>
  `SELECT tipo, id_cita, (delivered_at IS NULL AND discarded_at IS NULL) AS pendiente FROM outbox WHERE id_cita IN (${idCitas.map(Number).join(', ')}) ORDER BY id`;

/** The races, against citas on `engine`. */
function racesOn(engine: Engine): void {
  let sys: TestSystem;
  let admin: string;
  let center: CenterRecord;
  let otherCenter: CenterRecord;
  let secretaria: string;

  before(async () => {
    sys = await startTestSystem({ citasOverrides: { clock }, citasEnv: { MAX_CITAS_FUTURAS: '5', ...(await engine.env()) } });
    admin = sys.adminToken;
    [center, otherCenter] = await Promise.all([sys.createCenter(), sys.createCenter()]);
    secretaria = await (await sys.createSecretaria()).token();
  });
  after(async () => {
    await sys?.close();
  });

  const book = (doctor: DoctorAccount, patient: PatientAccount, fecha: string, where = center) =>
    sys.citas.post('/citas', { fecha, motivo: 'Revisión', id_paciente: patient.id, id_doctor: doctor.id, id_centro: where.id }, admin);
  const created = (res: ApiResponse) => {
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const activeOf = async (doctor: DoctorAccount) =>
    (await sys.citas.get(`/citas?id_doctor=${doctor.id}&page_size=100`, admin)).body.items.filter((c: { estado: string }) => ['Programada', 'Confirmada'].includes(c.estado));
  /**
   * Two requests sent together, `first` put on the wire first in even rounds and
   * second in odd ones: the one sent first tends to commit first, so alternating
   * covers both orders of the race. Answers come back as [first, second].
   */
  const race = async (round: number, first: () => Promise<ApiResponse>, second: () => Promise<ApiResponse>): Promise<[ApiResponse, ApiResponse]> => {
    if (round % 2 === 0) return Promise.all([first(), second()]);
    const [b, a] = await Promise.all([second(), first()]);
    return [a, b];
  };
  const summary = (answers: ApiResponse[]) => answers.map((a) => `${a.status} ${a.body?.code ?? ''}`).join(', ');

  it('one patient booked with two doctors in two centers for the same time, at once: one 201, the other 409 PACIENTE_OCUPADO', async () => {
    const [patient, d1, d2] = await Promise.all([sys.createPatient(), sys.createDoctor(), sys.createDoctor()]);
    for (const hour of ['09:00', '10:00', '11:00']) {
      const answers = await Promise.all([book(d1, patient, `${DAY}T${hour}:00`, center), book(d2, patient, `${DAY}T${hour}:00`, otherCenter)]);
      assert.deepEqual(answers.map((r) => r.status).sort(), [201, 409], summary(answers));
      assert.equal(answers.find((r) => r.status === 409)!.body.code, 'PACIENTE_OCUPADO');
    }
    assert.equal((await sys.citas.get(`/citas?id_paciente=${patient.id}`, admin)).body.total, 3);
  });

  it('two citas moved into the same free slot at once: one moves, the other is 409 DOCTOR_OCUPADO and stays where it was', async () => {
    const [doctor, p1, p2] = await Promise.all([sys.createDoctor(), sys.createPatient(), sys.createPatient()]);
    const a = created(await book(doctor, p1, `${DAY}T09:00:00`));
    const b = created(await book(doctor, p2, `${DAY}T10:00:00`));
    const target = `${DAY}T12:00:00`;
    const answers = await Promise.all([a, b].map((c) => sys.citas.put(`/citas/${c.id_cita}`, { fecha: target }, secretaria)));
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409], summary(answers));
    assert.equal(answers.find((r) => r.status === 409)!.body.code, 'DOCTOR_OCUPADO');
    const active = await activeOf(doctor);
    assert.equal(active.length, 2, JSON.stringify(active));
    assert.equal(active.filter((c: { fecha: string }) => c.fecha === `${target}+02:00`).length, 1);
  });

  it('one cita moved to two different slots at once: one change wins, the other is 409, and the cita has one successor', async () => {
    const [doctor, patient] = await Promise.all([sys.createDoctor(), sys.createPatient()]);
    const cita = created(await book(doctor, patient, `${DAY}T09:00:00`));
    const answers = await Promise.all(
      ['11:00', '12:00'].map((h) => sys.citas.put(`/citas/${cita.id_cita}`, { fecha: `${DAY}T${h}:00` }, secretaria)),
    );
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409], summary(answers));
    const active = await activeOf(doctor);
    assert.equal(active.length, 1, JSON.stringify(active));
    const old = (await sys.citas.get(`/citas/${cita.id_cita}`, admin)).body;
    assert.equal(old.id_cita_nueva, active[0].id_cita);
  });

  it('cancel and confirm of one cita at once: cancel always holds (Programada and Confirmada both cancel), and the history ends as the cita is', async () => {
    const [doctor, patient] = await Promise.all([sys.createDoctor(), sys.createPatient()]);
    for (const [round, hour] of ['09:00', '10:00', '11:00', '12:00'].entries()) {
      const cita = created(await book(doctor, patient, `${DAY}T${hour}:00`));
      const [cancel, confirm] = await race(
        round,
        () => sys.citas.put(`/citas/${cita.id_cita}`, { estado: 'Cancelada' }, secretaria),
        () => sys.citas.put(`/citas/${cita.id_cita}`, { estado: 'Confirmada' }, secretaria),
      );
      assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
      assert.ok([200, 409].includes(confirm.status), JSON.stringify(confirm.body));
      const now = (await sys.citas.get(`/citas/${cita.id_cita}`, admin)).body;
      assert.equal(now.estado, 'Cancelada');
      const history = (await sys.citas.get(`/citas/${cita.id_cita}/historial`, admin)).body;
      assert.equal(history.at(-1).despues.estado, 'Cancelada');
      assert.equal(history.length, confirm.status === 200 ? 3 : 2, JSON.stringify(history.map((h: { accion: string }) => h.accion)));
    }
  });

  it('cancel and change of one cita at once: never both; either it is cancelled with no successor, or replaced and the cancel is 409', async () => {
    const [doctor, patient] = await Promise.all([sys.createDoctor(), sys.createPatient()]);
    for (const [round, hour] of ['09:00', '10:00', '11:00', '12:00'].entries()) {
      const cita = created(await book(doctor, patient, `${addDays(DAY, 1)}T${hour}:00`));
      const [cancel, change] = await race(
        round,
        () => sys.citas.put(`/citas/${cita.id_cita}`, { estado: 'Cancelada' }, secretaria),
        () => sys.citas.put(`/citas/${cita.id_cita}`, { fecha: `${addDays(DAY, 1)}T${hour.replace(':00', ':30')}:00` }, secretaria),
      );
      assert.deepEqual([cancel.status, change.status].sort(), [200, 409], `cancel ${cancel.status} ${cancel.body.code}, change ${change.status} ${change.body.code}`);
      const active = (await activeOf(doctor)).filter((c: { id_cita_anterior?: number }) => c.id_cita_anterior === cita.id_cita);
      assert.equal(active.length, change.status === 200 ? 1 : 0);
    }
  });

  /**
   * A cancel and a change of one cita, one held at the start of its unit of
   * work until the other has committed: each order of the race for certain.
   * (Sent together, as above, the cancel nearly always commits first: the
   * change asks admin's directory before its transaction.)
   */
  const heldRace = async (heldFirst: () => Promise<ApiResponse>, then: () => Promise<ApiResponse>): Promise<[ApiResponse, ApiResponse]> => {
    const hold = holdFirstCall(engine.unitOfWork.prototype, 'run', () => true, 'start');
    const held = heldFirst();
    let other: ApiResponse;
    try {
      await Promise.race([hold.held, held.then((res) => assert.fail(`answered ${res.status} before its unit of work: ${JSON.stringify(res.body)}`))]);
      other = await then();
    } finally {
      hold.release();
    }
    return [await held, other];
  };
  const historyOf = async (idCita: number) =>
    (await sys.citas.get(`/citas/${idCita}/historial`, admin)).body.map((h: { accion: string; despues: { estado: string } }) => `${h.accion} ${h.despues.estado}`);

  it('a cancel held until a change of its cita commits: the change stands, the cancel is 409 pointing to the successor (in words: its number is id_cita_nueva), and cita, history and outbox say it was changed, never cancelled', async () => {
    const [doctor, patient] = await Promise.all([sys.createDoctor(), sys.createPatient()]);
    const cita = created(await book(doctor, patient, `${addDays(DAY, 6)}T09:00:00`));
    const [cancel, change] = await heldRace(
      () => sys.citas.put(`/citas/${cita.id_cita}`, { estado: 'Cancelada' }, secretaria),
      () => sys.citas.put(`/citas/${cita.id_cita}`, { fecha: `${addDays(DAY, 6)}T11:00:00` }, secretaria),
    );
    assert.equal(change.status, 200, JSON.stringify(change.body));
    const nueva = change.body.cita_nueva.id_cita;
    assert.deepEqual([cancel.status, cancel.body.code], [409, 'CITA_REEMPLAZADA'], JSON.stringify(cancel.body));
    assert.equal(cancel.body.detail, 'Esta cita ya se cambió por otra; cancele la nueva.', 'the answer points to the cita to cancel instead');
    const [old, successor] = await Promise.all([cita.id_cita, nueva].map(async (id) => (await sys.citas.get(`/citas/${id}`, admin)).body));
    assert.deepEqual([old.estado, old.id_cita_nueva, successor.estado, successor.id_cita_anterior], ['Cancelada', nueva, 'Programada', cita.id_cita]);
    assert.deepEqual(await historyOf(cita.id_cita), ['creada Programada', 'reprogramada Cancelada']);
    assert.deepEqual(await historyOf(nueva), ['creada Programada']);
    assert.deepEqual(
      (await engine.outbox(sys, [cita.id_cita, nueva])).map((r) => `${r.tipo} ${r.id_cita} ${r.pendiente ? 'pendiente' : 'descartada'}`),
      [`cita_creada ${cita.id_cita} pendiente`, `recordatorio ${cita.id_cita} descartada`, `cita_cambiada ${nueva} pendiente`, `recordatorio ${nueva} pendiente`],
    );
  });

  it('a change held until a cancel of its cita commits: the cancel stands, the change is 409 CITA_YA_CANCELADA, and cita, history and outbox say it was cancelled, with no successor', async () => {
    const [doctor, patient] = await Promise.all([sys.createDoctor(), sys.createPatient()]);
    const cita = created(await book(doctor, patient, `${addDays(DAY, 6)}T09:00:00`));
    const [change, cancel] = await heldRace(
      () => sys.citas.put(`/citas/${cita.id_cita}`, { fecha: `${addDays(DAY, 6)}T11:00:00` }, secretaria),
      () => sys.citas.put(`/citas/${cita.id_cita}`, { estado: 'Cancelada' }, secretaria),
    );
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    assert.deepEqual([change.status, change.body.code], [409, 'CITA_YA_CANCELADA'], JSON.stringify(change.body));
    const now = (await sys.citas.get(`/citas/${cita.id_cita}`, admin)).body;
    assert.deepEqual([now.estado, now.id_cita_nueva], ['Cancelada', undefined]);
    assert.equal((await activeOf(doctor)).length, 0);
    assert.deepEqual(await historyOf(cita.id_cita), ['creada Programada', 'cancelada Cancelada']);
    assert.deepEqual(
      (await engine.outbox(sys, [cita.id_cita])).map((r) => `${r.tipo} ${r.id_cita} ${r.pendiente ? 'pendiente' : 'descartada'}`),
      [`cita_creada ${cita.id_cita} pendiente`, `recordatorio ${cita.id_cita} descartada`, `cita_cancelada ${cita.id_cita} pendiente`],
    );
  });

  it('a booking and a new absence over its slot at once: the cita is refused (DOCTOR_AUSENTE), or booked and listed in the absence\'s conflictos', async () => {
    const [doctor, patient] = await Promise.all([sys.createDoctor(), sys.createPatient()]);
    for (const [round, hour] of ['09:00', '10:00', '11:00', '12:00'].entries()) {
      const day = addDays(DAY, 2);
      const [booking, absence] = await race(
        round,
        () => book(doctor, patient, `${day}T${hour}:00`),
        () => sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde: `${day}T${hour}:00`, hasta: `${day}T${hour.replace(':00', ':30')}:00` }, secretaria),
      );
      assert.equal(absence.status, 201, JSON.stringify(absence.body));
      if (booking.status === 201) {
        assert.deepEqual(absence.body.conflictos.map((c: { id_cita: number }) => c.id_cita), [booking.body.id_cita]);
      } else {
        assert.equal(booking.body.code, 'DOCTOR_AUSENTE', JSON.stringify(booking.body));
        assert.deepEqual(absence.body.conflictos, []);
      }
    }
  });

  it('a booking and a schedule that leaves its hour out, at once: the cita is refused (FUERA_DE_HORARIO), or booked and listed in the schedule\'s conflictos', async () => {
    const [doctor, patient] = await Promise.all([sys.createDoctor(), sys.createPatient()]);
    const mornings = [1, 2, 3, 4, 5].map((dia) => ({ dia, desde: '09:00', hasta: '13:00' }));
    for (const [round, hour] of ['16:00', '16:30', '17:00', '17:30'].entries()) {
      // Each round starts with no schedule (any future time can be booked); the new one is mornings only.
      const removed = await sys.citas.put(`/agenda/${doctor.id}/horario`, { id_centro: center.id, franjas: [] }, secretaria);
      assert.equal(removed.status, 200, JSON.stringify(removed.body));
      const [booking, schedule] = await race(
        round,
        () => book(doctor, patient, `${addDays(DAY, 3)}T${hour}:00`),
        () => sys.citas.put(`/agenda/${doctor.id}/horario`, { id_centro: center.id, franjas: mornings }, secretaria),
      );
      assert.equal(schedule.status, 200, JSON.stringify(schedule.body));
      if (booking.status === 201) {
        assert.ok(schedule.body.conflictos.some((c: { id_cita: number }) => c.id_cita === booking.body.id_cita), JSON.stringify(schedule.body.conflictos));
      } else {
        assert.equal(booking.body.code, 'FUERA_DE_HORARIO', JSON.stringify(booking.body));
      }
    }
  });

  it('two schedules for one doctor at two centers with the same hours, at once: one is saved, the other 422, so the doctor is never due in two places', async () => {
    const doctor = await sys.createDoctor();
    const franjas = [{ dia: 2, desde: '09:00', hasta: '14:00' }];
    const answers = await Promise.all([center, otherCenter].map((c) => sys.citas.put(`/agenda/${doctor.id}/horario`, { id_centro: c.id, franjas }, secretaria)));
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 422], summary(answers));
    const saved = (await sys.citas.get(`/agenda/${doctor.id}/horario`, admin)).body;
    assert.equal(saved.horarios.length, 1, JSON.stringify(saved));
  });

  it('one booking sent twice at once with the same Idempotency-Key: one cita, and the same answer twice', async () => {
    const [doctor, patient] = await Promise.all([sys.createDoctor(), sys.createPatient()]);
    for (const hour of ['09:00', '10:00', '11:00']) {
      const body = { fecha: `${addDays(DAY, 5)}T${hour}:00`, motivo: 'Revisión', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id };
      const key = `clave-${doctor.id}-${hour}`;
      const answers = await Promise.all([1, 2].map(() => sys.citas.request('POST', '/citas', body, admin, { 'idempotency-key': key })));
      assert.deepEqual(answers.map((a) => a.status), [201, 201], summary(answers));
      assert.deepEqual(answers[0].body, answers[1].body);
      assert.deepEqual(answers.map((a) => a.headers.get('idempotent-replayed')).sort(), ['true', null].sort());
    }
    assert.equal((await activeOf(doctor)).length, 3);
  });

  it('a patient at the cap booking several doctors at once gets no more than MAX_CITAS_FUTURAS future citas (the rest LIMITE_CITAS)', async () => {
    const patient = await sys.createPatient();
    const doctors = await Promise.all(Array.from({ length: 8 }, () => sys.createDoctor()));
    const answers = await Promise.all(doctors.map((d, i) => book(d, patient, `${addDays(DAY, 4)}T${String(9 + i).padStart(2, '0')}:00:00`)));
    assert.equal(answers.filter((r) => r.status === 201).length, 5, summary(answers));
    assert.ok(answers.filter((r) => r.status !== 201).every((r) => r.status === 422 && r.body.code === 'LIMITE_CITAS'), summary(answers));
    const mine = (await sys.citas.get(`/citas?id_paciente=${patient.id}`, admin)).body;
    assert.equal(mine.total, 5);
  });
}

describe('citas under concurrent requests (SQLite)', () =>
  racesOn({
    env: async () => ({}),
    unitOfWork: SqliteUnitOfWork,
    outbox: async (sys, idCitas) => {
      const db = new Database(join(sys.citas.dataDir, 'citas.db'), { readonly: true });
      try {
        return (db.prepare(OUTBOX_OF(idCitas)).all() as OutboxRow[]).map((r) => ({ ...r, pendiente: Boolean(r.pendiente) }));
      } finally {
        db.close();
      }
    },
  }),
);

describeWithPostgres('citas under concurrent requests (PostgreSQL)', (pg) => {
  let database = '';
  racesOn({
    env: async () => {
      const url = await pg().createDatabase('citas');
      database = new URL(url).pathname.slice(1);
      return { CITAS_DATABASE_URL: url, CITAS_DATABASE_POOL: '4' };
    },
    unitOfWork: PgDatabase,
    outbox: async (_, idCitas) => (await pg().exec(OUTBOX_OF(idCitas), database)) as unknown as OutboxRow[],
  });
});
