import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../core/domain/errors';
import { PgDatabase } from '../../adapters/postgres/pg-database';
import { citasWorld } from '../builders/citas-world';
import { anAdmin } from '../builders/principals';
import { aDoctor, aPatient } from '../builders/directory-cards';
import { describeWithPostgres } from '../support/postgres';
import { migratedCitasDatabase, pgCitasOn } from './postgres-citas-storage';

/**
 * Two citas processes on one database race for one hot slot through the
 * real booking use case (checks, cita, history and outbox rows in one unit
 * of work). Each "process" is its own pool and its own world; twenty
 * patients ask for the same doctor at the same minute at once.
 */
describeWithPostgres('booking race on PostgreSQL, two processes', (pg) => {
  const PATIENTS = 20;
  let dbs: PgDatabase[] = [];
  before(async () => {
    const url = await migratedCitasDatabase(pg());
    dbs = [new PgDatabase({ url, maxConnections: 10 }), new PgDatabase({ url, maxConnections: 10 })];
  });
  after(() => Promise.all(dbs.map((d) => d.close())));

  it('exactly one of twenty bookings of one slot succeeds; the rest are DOCTOR_OCUPADO, and only the winner left rows', async () => {
    const worlds = dbs.map((db) => {
      const w = citasWorld({ storage: pgCitasOn(db), policy: { maxFutureCitas: 5 } });
      for (let id = 1; id <= PATIENTS; id++) w.directory.withPatient(aPatient().withId(id).build());
      return w;
    });
    const results = await Promise.allSettled(
      Array.from({ length: PATIENTS }, (_, i) => worlds[i % 2].bookAs(undefined, { idPaciente: i + 1, fecha: '2026-03-03T10:00:00' })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(won.length, 1, `one winner, not ${won.length}`);
    assert.deepEqual(
      [...new Set(lost.map((r) => (r.reason instanceof DomainError ? r.reason.code : String(r.reason))))],
      ['DOCTOR_OCUPADO'],
    );
    const [counts] = await dbs[0].query<{ citas: number; historial: number; outbox: number }>(
      `SELECT (SELECT count(*)::int FROM citas) AS citas, (SELECT count(*)::int FROM citas_historial) AS historial,
              (SELECT count(DISTINCT id_cita)::int FROM outbox) AS outbox`,
    );
    assert.deepEqual(counts, { citas: 1, historial: 1, outbox: 1 }, 'a refused booking wrote nothing');
  });

  it('bookings that cross (every patient asks both doctors for one slot at once) never deadlock: each doctor gets one cita, each patient at most one', async () => {
    const worlds = dbs.map((db) => {
      const w = citasWorld({ storage: pgCitasOn(db), policy: { maxFutureCitas: 5 } });
      for (let id = 1; id <= PATIENTS; id++) w.directory.withPatient(aPatient().withId(id).build());
      w.directory.withDoctor(aDoctor().withId(2).build());
      return w;
    });
    const before = dbs.map((d) => ({ ...d.conflicts }));
    const asks = Array.from({ length: PATIENTS }, (_, i) => [1, 2].map((d) => ({ idPaciente: i + 1, idDoctor: ((i + d) % 2) + 1 }))).flat();
    const results = await Promise.allSettled(
      asks.map((a, i) => worlds[i % 2].bookAs(undefined, { ...a, fecha: '2026-03-04T10:00:00' })),
    );
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.deepEqual(won.map((c) => c.idDoctor).sort(), [1, 2], 'one cita per doctor');
    assert.notEqual(won[0].idPaciente, won[1].idPaciente, 'no patient in two places at once');
    assert.deepEqual(
      [...new Set(lost.map((r) => (r.reason instanceof DomainError ? r.reason.code : String(r.reason))))].sort(),
      ['DOCTOR_OCUPADO', 'PACIENTE_OCUPADO'].filter((code) => lost.some((r) => r.reason instanceof DomainError && r.reason.code === code)),
      'every refusal is a 409 in words',
    );
    const deadlocks = dbs.reduce((n, d, i) => n + d.conflicts.deadlock - before[i].deadlock, 0);
    assert.equal(deadlocks, 0, 'a deadlock costs the booking a second (deadlock_timeout) and a retry');
  });

  it('ten cancellations of one cita from two processes at once: one cancels it, nine are told it is already cancelled, one history row', async () => {
    const worlds = dbs.map((db) => citasWorld({ storage: pgCitasOn(db), policy: { maxFutureCitas: 5 } }));
    const cita = await worlds[0].bookAs(undefined, { idPaciente: 3, fecha: '2026-03-05T10:00:00' });
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => worlds[i % 2].cancel.execute({ idCita: cita.id }, anAdmin())));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal(r.reason instanceof DomainError && r.reason.code, 'CITA_YA_CANCELADA', String(r.reason));
    const [{ n }] = await dbs[0].query<{ n: number }>(`SELECT count(*)::int AS n FROM citas_historial WHERE id_cita = $1 AND accion = 'cancelada'`, [cita.id]);
    assert.equal(n, 1, 'a lost update would record the cancellation twice');
  });
});
