import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agendaMigrations } from '../../adapters/sqlite/agenda-migrations';
import { citasMigrations } from '../../adapters/sqlite/citas-migrations';
import { openDatabase, SqliteUnitOfWork } from '../../adapters/sqlite/open-database';
import { SqliteAbsences } from '../../adapters/sqlite/sqlite-absences';
import { SqliteSchedules } from '../../adapters/sqlite/sqlite-schedules';
import { agendaContract } from '../contracts/agenda-contract';
import { FixedClock } from '../fakes/fixed-clock';

function tempDir(): { file: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'agenda-'));
  return { file: join(dir, 'citas.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

agendaContract('SQLite file', () => {
  const t = tempDir();
  const db = openDatabase(t.file, [...citasMigrations, ...agendaMigrations]);
  return {
    schedules: new SqliteSchedules(db, new FixedClock()),
    absences: new SqliteAbsences(db, new FixedClock()),
    close() {
      db.close();
      t.cleanup();
    },
  };
});

describe('agenda tables on a SQLite file', () => {
  it('survive closing and reopening the file, and migrate once', async () => {
    const t = tempDir();
    try {
      const db = openDatabase(t.file, [...citasMigrations, ...agendaMigrations]);
      await new SqliteSchedules(db, new FixedClock()).replace({ idDoctor: 1, idCentro: 1, duracionCitaMin: 30, franjas: [{ dia: 1, desde: '09:00', hasta: '14:00' }] });
      await new SqliteAbsences(db, new FixedClock()).add({ idDoctor: 1, desde: new Date('2026-04-06T00:00:00Z'), hasta: new Date('2026-04-07T00:00:00Z'), motivo: 'Festivo' });
      db.close();
      const again = openDatabase(t.file, [...citasMigrations, ...agendaMigrations]);
      assert.equal((await new SqliteSchedules(again, new FixedClock()).forDoctor(1))[0].franjas.length, 1);
      assert.equal((await new SqliteAbsences(again, new FixedClock()).list(1, {}, { page: 1, pageSize: 10 })).items[0].motivo, 'Festivo');
      const versions = again.prepare('SELECT version FROM schema_migrations WHERE version >= 10 ORDER BY version').pluck().all();
      assert.deepEqual(versions, agendaMigrations.map((m) => m.version));
      again.close();
    } finally {
      t.cleanup();
    }
  });

  it('rolls a schedule replacement back with the surrounding unit of work', async () => {
    const t = tempDir();
    const db = openDatabase(t.file, [...citasMigrations, ...agendaMigrations]);
    try {
      const schedules = new SqliteSchedules(db, new FixedClock());
      await schedules.replace({ idDoctor: 1, idCentro: 1, duracionCitaMin: 30, franjas: [{ dia: 1, desde: '09:00', hasta: '14:00' }] });
      await assert.rejects(() =>
        new SqliteUnitOfWork(db).run(async () => {
          await schedules.replace({ idDoctor: 1, idCentro: 1, duracionCitaMin: 30, franjas: [] });
          throw new Error('a later rule failed');
        }),
      );
      assert.equal((await schedules.forDoctor(1)).length, 1, 'the old schedule is still there');
    } finally {
      db.close();
      t.cleanup();
    }
  });

  it('stamps absences and schedules with the time of the Clock it is given', async () => {
    const t = tempDir();
    const db = openDatabase(t.file, [...citasMigrations, ...agendaMigrations]);
    try {
      const clock = new FixedClock('2026-05-04T08:15:00Z');
      await new SqliteSchedules(db, clock).replace({ idDoctor: 1, idCentro: 1, duracionCitaMin: 30, franjas: [{ dia: 1, desde: '09:00', hasta: '14:00' }] });
      await new SqliteAbsences(db, clock).add({ idDoctor: 1, desde: new Date('2026-06-01T00:00:00Z'), hasta: new Date('2026-06-02T00:00:00Z'), motivo: null });
      const at = clock.now().getTime();
      assert.equal(db.prepare('SELECT actualizado_en FROM horarios').pluck().get(), at);
      assert.equal(db.prepare('SELECT creada_en FROM ausencias').pluck().get(), at);
    } finally {
      db.close();
      t.cleanup();
    }
  });

  it('refuses a franja ending before it starts even if a caller skipped the domain check', async () => {
    const t = tempDir();
    const db = openDatabase(t.file, [...citasMigrations, ...agendaMigrations]);
    try {
      await assert.rejects(() => new SqliteSchedules(db, new FixedClock()).replace({ idDoctor: 1, idCentro: 1, duracionCitaMin: 30, franjas: [{ dia: 1, desde: '14:00', hasta: '09:00' }] }), /CHECK/);
      assert.deepEqual(await new SqliteSchedules(db, new FixedClock()).forDoctor(1), [], 'nothing half-written');
    } finally {
      db.close();
      t.cleanup();
    }
  });
});
