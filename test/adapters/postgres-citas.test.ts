import { after, before, beforeEach, it } from 'node:test';
import assert from 'node:assert/strict';
import { Pool } from 'pg';
import { snapshotOf } from '../../core/domain/appointment';
import { DomainError } from '../../core/domain/errors';
import { pgCitasMigrations } from '../../adapters/postgres/citas-migrations';
import { migrate, MIGRATION_LOCK } from '../../adapters/postgres/migrate';
import { PgDatabase } from '../../adapters/postgres/pg-database';
import { StorageUnavailableError } from '../../adapters/storage/storage-unavailable';
import { aCita } from '../builders/cita';
import { bookingKeyRowBeforeOperations, idempotencyAfterOperationsUpgrade, idempotencyAfterUpgrade } from '../contracts/idempotency-keys-contract';
import { pollUntil } from '../support/poll-until';
import { describeWithPostgres } from '../support/postgres';
import { holdTableLock, waitingForLock } from '../support/postgres-locks';
import { emptyCitasTables, migratedCitasDatabase, pgCitasOn } from './postgres-citas-storage';

const code = (err: unknown) => (err instanceof DomainError ? err.code : String(err));

/**
 * What PostgreSQL adds to the shared contracts: the rule enforced by the
 * database itself (exclusion constraints), across processes; outbox claims
 * from two processes at once; a cut connection as a 503, then recovery.
 * Two PgDatabase instances stand for two citas processes (each its own pool).
 */
describeWithPostgres('citas storage on PostgreSQL', (pg) => {
  let url: string;
  let one: PgDatabase;
  let two: PgDatabase;
  /** The superuser, to see a read wait for a lock. */
  let watcher: Pool;
  before(async () => {
    url = await migratedCitasDatabase(pg());
    one = new PgDatabase({ url, maxConnections: 10 });
    two = new PgDatabase({ url, maxConnections: 10 });
    watcher = new Pool({ connectionString: pg().adminUrl(), max: 1 });
  });
  after(async () => {
    await watcher?.end();
    await one?.close();
    await two?.close();
  });
  beforeEach(() => emptyCitasTables(one));

  it('an overlapping write that skips the booking rule hits the exclusion constraints, in the core\'s words', async () => {
    const { appointments } = pgCitasOn(one);
    const a = await appointments.add(aCita().forDoctor(1).forPatient(1).at('2026-03-30T08:00:00Z').lasting(60).build());
    const doctorClash = appointments.add(aCita().forDoctor(1).forPatient(2).at('2026-03-30T08:59:00Z').build());
    await assert.rejects(doctorClash, (e) => code(e) === 'DOCTOR_OCUPADO');
    const patientClash = appointments.add(aCita().forDoctor(2).forPatient(1).at('2026-03-30T07:45:00Z').build());
    await assert.rejects(patientClash, (e) => code(e) === 'PACIENTE_OCUPADO');

    // Touching ends are no overlap ('[)'); inactive citas occupy nothing.
    await appointments.add(aCita().forDoctor(1).forPatient(2).at('2026-03-30T09:00:00Z').build());
    const cancelled = await appointments.add(aCita().forDoctor(1).forPatient(3).at('2026-03-30T08:15:00Z').withEstado('Cancelada').build());
    // Making the cancelled one active again would double-book: refused on update too.
    await assert.rejects(appointments.update({ ...cancelled, estado: 'Programada' }), (e) => code(e) === 'DOCTOR_OCUPADO');
    await appointments.update({ ...a, estado: 'Cancelada' });
    await appointments.update({ ...cancelled, estado: 'Confirmada' });
  });

  it('two processes inserting overlapping citas at once, with no check first: exactly one is stored', async () => {
    const attempts = Array.from({ length: 10 }, (_, i) =>
      (i % 2 ? two : one).run(() => pgCitasOn(i % 2 ? two : one).appointments.add(aCita().forDoctor(7).forPatient(100 + i).at('2026-03-30T10:00:00Z').build())),
    );
    const results = await Promise.allSettled(attempts);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal(code(r.reason), 'DOCTOR_OCUPADO');
    assert.deepEqual(await one.query('SELECT count(*)::int AS n FROM citas'), [{ n: 1 }]);
  });

  it('claims from two processes at once never hand one message to both', async () => {
    const { appointments, outbox } = pgCitasOn(one);
    const cita = await appointments.add(aCita().build());
    const due = new Date('2026-03-02T10:00:00Z');
    for (let i = 0; i < 200; i++) await outbox.enqueue({ tipo: 'cita_creada', idCita: cita.id, dueAt: due, payload: { cita: snapshotOf(cita) } });
    const claimed: number[][] = [[], []];
    const worker = async (db: PgDatabase, into: number[]) => {
      const queue = pgCitasOn(db).outbox;
      for (;;) {
        const batch = await queue.claimDue(due, 7, new Date('2026-03-02T11:00:00Z'));
        if (batch.length === 0) return;
        into.push(...batch.map((m) => m.id));
      }
    };
    await Promise.all([worker(one, claimed[0]), worker(one, claimed[0]), worker(two, claimed[1]), worker(two, claimed[1])]);
    const all = [...claimed[0], ...claimed[1]];
    assert.equal(new Set(all).size, all.length, 'no message claimed twice');
    assert.equal(all.length, 200, 'every message claimed');
    assert.ok(claimed[0].length > 0 && claimed[1].length > 0, `both processes took some (${claimed[0].length} / ${claimed[1].length})`);
    assert.deepEqual(await one.query('SELECT max(attempts) AS m FROM outbox'), [{ m: 1 }]);
  });

  it('connections cut by the server: the query in flight fails as StorageUnavailableError, the next one reconnects', async () => {
    const { appointments } = pgCitasOn(one);
    await appointments.add(aCita().build());
    const role = new URL(url).username;
    const database = new URL(url).pathname.slice(1);
    // Hold a lock until a read is seen waiting for it, so it is certainly in flight when its backend is terminated.
    const lock = await holdTableLock(pg().adminUrl(database), 'citas');
    try {
      const inFlight = appointments.byId(1).then(() => 'answered', (err: unknown) => err);
      await pollUntil(async () => (await waitingForLock(watcher, database)) > 0, [inFlight]);
      await pg().exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`);
      assert.ok((await inFlight) instanceof StorageUnavailableError);
    } finally {
      await lock.release();
    }
    assert.equal((await appointments.byId(1))?.id, 1, 'the pool connected again by itself');
    assert.equal((await one.run(() => appointments.byId(1)))?.id, 1);
  });

  it('a database made before Idempotency-Keys gains the key table, keeps its citas, and replays bookings sent again with their key', async () => {
    const upgraded = await pg().createDatabase('citas');
    // The citas schema as released before version 5 (1-4 and the agenda's 10-11; 6 builds on 5), with a cita written then.
    const old = new PgDatabase({ url: upgraded, maxConnections: 1 });
    let oldCita;
    try {
      await migrate(old, MIGRATION_LOCK.citas, pgCitasMigrations.filter((m) => m.version < 5 || m.version >= 10));
      oldCita = await pgCitasOn(old).appointments.add(aCita().build());
    } finally {
      await old.close();
    }
    const db = new PgDatabase({ url: upgraded, maxConnections: 2 });
    try {
      await migrate(db, MIGRATION_LOCK.citas, pgCitasMigrations);
      await idempotencyAfterUpgrade(pgCitasOn(db), oldCita);
    } finally {
      await db.close();
    }
  });

  it("a database whose Idempotency-Keys were all bookings' keeps their answers: a booking sent again with its key answers its cita", async () => {
    const upgraded = await pg().createDatabase('citas');
    // The citas schema as released before version 6, with a booking's key stored as it stored them.
    const old = new PgDatabase({ url: upgraded, maxConnections: 1 });
    let cita;
    try {
      await migrate(old, MIGRATION_LOCK.citas, pgCitasMigrations.filter((m) => m.version !== 6));
      cita = await pgCitasOn(old).appointments.add(aCita().build());
      const row = bookingKeyRowBeforeOperations(cita);
      await old.query(
        `INSERT INTO claves_idempotencia (id_user, clave, huella, id_cita, respuesta, creada_en)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
        [row.id_user, row.clave, row.huella, row.id_cita, row.respuesta, row.creada_en],
      );
    } finally {
      await old.close();
    }
    const db = new PgDatabase({ url: upgraded, maxConnections: 2 });
    try {
      await migrate(db, MIGRATION_LOCK.citas, pgCitasMigrations);
      await idempotencyAfterOperationsUpgrade(pgCitasOn(db), cita);
    } finally {
      await db.close();
    }
  });
});
