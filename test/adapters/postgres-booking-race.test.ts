import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../core/domain/errors';
import { PgDatabase } from '../../adapters/postgres/pg-database';
import { citasWorld } from '../builders/citas-world';
import { aPatient } from '../builders/directory-cards';
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
});
