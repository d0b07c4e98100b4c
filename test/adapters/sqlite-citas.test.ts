import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { agendaMigrations } from '../../adapters/sqlite/agenda-migrations';
import { citasMigrations } from '../../adapters/sqlite/citas-migrations';
import { type Db, openDatabase } from '../../adapters/sqlite/open-database';
import { SqliteAppointments } from '../../adapters/sqlite/sqlite-appointments';
import { DependencyUnavailableError, DomainError } from '../../core/domain/errors';
import { aCita } from '../builders/cita';
import { citasWorld } from '../builders/citas-world';
import { anAdmin, aPaciente } from '../builders/principals';
import { checkBookingInvariants } from '../contracts/booking-invariants';
import { bookingKeyRowBeforeOperations, idempotencyAfterOperationsUpgrade, idempotencyAfterUpgrade } from '../contracts/idempotency-keys-contract';
import { sqliteCitasOn, sqliteCitasStorage, tempCitasDb } from './sqlite-citas-storage';

function code(expected: string) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof DomainError, String(err));
    assert.equal(err.code, expected, err.message);
    return true;
  };
}

/** What the HTTP edge answers 503 SERVICIO_NO_DISPONIBLE with Retry-After for (adapters/http/problem.ts). */
function isStorageOutage(err: unknown): boolean {
  assert.ok(err instanceof DependencyUnavailableError, String(err));
  assert.equal(err.code, 'SERVICIO_NO_DISPONIBLE');
  assert.ok(err.retryAfterSeconds >= 1);
  return true;
}

/** What is on disk, read through a connection of its own. */
function onDisk(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      citas: db.prepare('SELECT id_cita, estado, id_cita_nueva FROM citas ORDER BY id_cita').all(),
      history: db.prepare('SELECT COUNT(*) FROM citas_historial').pluck().get(),
      outbox: db.prepare('SELECT tipo, discarded_at IS NOT NULL AS discarded FROM outbox ORDER BY id').all(),
    };
  } finally {
    db.close();
  }
}

describe('citas use cases on a SQLite file', () => {
  let t: ReturnType<typeof tempCitasDb>;
  let second: Db;
  beforeEach(() => {
    t = tempCitasDb();
    second = openDatabase(t.file, [...citasMigrations, ...agendaMigrations]);
  });
  afterEach(() => {
    second.close();
    t.cleanup();
  });

  it('books, changes and cancels with history and outbox rows in the same file', async () => {
    const w = citasWorld({ storage: sqliteCitasOn(t.db) });
    const cita = await w.bookAs(aPaciente(1), { fecha: '2026-03-03T10:00:00' });
    const { citaNueva } = await w.reschedule.execute({ idCita: cita.id, inicio: w.at('2026-03-03T10:15:00') }, w.directoryCaller(aPaciente(1)));
    await w.cancel.execute({ idCita: citaNueva.id, motivoCancelacion: 'Ya no lo necesito' }, aPaciente(1));
    const disk = onDisk(t.file);
    assert.deepEqual(disk.citas, [
      { id_cita: cita.id, estado: 'Cancelada', id_cita_nueva: citaNueva.id },
      { id_cita: citaNueva.id, estado: 'Cancelada', id_cita_nueva: null },
    ]);
    assert.equal(disk.history, 4);
    assert.deepEqual(
      disk.outbox.filter((m) => (m as { tipo: string }).tipo === 'recordatorio'),
      [{ tipo: 'recordatorio', discarded: 1 }, { tipo: 'recordatorio', discarded: 1 }],
      'no reminder of a cancelled cita is left to deliver',
    );
    const entries = await w.history.execute(cita.id, anAdmin());
    assert.deepEqual(entries.map((e) => e.accion), ['creada', 'reprogramada']);
    assert.equal(entries[1].despues?.idCitaNueva, citaNueva.id);
  });

  it('a second connection booking the same slot while the first awaits the directory makes the first fail, not double-book', async () => {
    const a = citasWorld({ storage: sqliteCitasOn(t.db) });
    const b = citasWorld({ storage: sqliteCitasOn(second) });
    const lookup = a.directory.lookUp.bind(a.directory);
    a.directory.lookUp = async (wanted, caller) => {
      await b.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-03-03T10:10:00' });
      return lookup(wanted, caller);
    };
    await assert.rejects(a.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-03-03T10:00:00' }), code('DOCTOR_OCUPADO'));
    assert.equal(onDisk(t.file).citas.length, 1);
  });

  it('the database itself refuses a double booking written on another connection without the rule', async () => {
    const w = citasWorld({ storage: sqliteCitasOn(t.db) });
    await w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-03-03T10:00:00' });
    const raw = new SqliteAppointments(second);
    await assert.rejects(() => raw.add(aCita().forPatient(2).at('2026-03-03T09:20:00Z').build()), code('DOCTOR_OCUPADO'));
    await assert.rejects(() => raw.add(aCita().forDoctor(2).at('2026-03-03T08:45:00Z').build()), code('PACIENTE_OCUPADO'));
  });

  it('another process holding the write lock past busy_timeout is an outage (503 with Retry-After), not an internal error, and heals', async () => {
    // Another process's lock, as a sqlite3 shell left in a transaction holds it: a connection outside this process's gate.
    const locker = new Database(t.file);
    t.db.pragma('busy_timeout = 20'); // the service waits 5 s; the translation is the same after 20 ms
    try {
      locker.exec('BEGIN IMMEDIATE');
      const w = citasWorld({ storage: sqliteCitasOn(t.db) });
      await assert.rejects(w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-03-03T10:00:00' }), isStorageOutage);
      await assert.rejects(() => new SqliteAppointments(t.db).add(aCita().forPatient(2).at('2026-03-03T11:00:00Z').build()), isStorageOutage);
      locker.exec('ROLLBACK');
      await w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-03-03T10:00:00' });
      assert.equal(onDisk(t.file).citas.length, 1);
    } finally {
      locker.close();
    }
  });

  it('four processes booking one slot at the same moment: exactly one wins, the others get DOCTOR_OCUPADO', async () => {
    const children = [1, 2, 3, 4].map((p) =>
      spawn(process.execPath, ['--require', 'ts-node/register', join(__dirname, 'sqlite-citas-child.ts'), t.file, String(p), '2026-03-03T10:00:00'], {
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const lines = children.map((c) => createInterface({ input: c.stdout })[Symbol.asyncIterator]());
    await Promise.all(lines.map(async (l) => assert.equal((await l.next()).value, 'ready')));
    children.forEach((c) => c.stdin.end('go\n'));
    const results = await Promise.all(lines.map(async (l) => JSON.parse((await l.next()).value as string) as { ok: boolean; code?: string }));
    assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
    assert.deepEqual(results.filter((r) => !r.ok).map((r) => r.code), ['DOCTOR_OCUPADO', 'DOCTOR_OCUPADO', 'DOCTOR_OCUPADO']);
    assert.equal(onDisk(t.file).citas.length, 1);
  });

  it('a change that fails after inserting the new cita leaves the file exactly as it was', async () => {
    const storage = sqliteCitasOn(t.db);
    const w = citasWorld({ storage });
    const cita = await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' });
    const before = onDisk(t.file);
    const record = storage.history.record.bind(storage.history);
    storage.history.record = async (entry) => {
      if (entry.accion === 'creada' && entry.despues?.idCitaAnterior !== undefined) throw new Error('disco lleno');
      await record(entry);
    };
    await assert.rejects(w.reschedule.execute({ idCita: cita.id, inicio: w.at('2026-03-04T10:00:00') }, w.directoryCaller(anAdmin())), /disco lleno/);
    assert.deepEqual(onDisk(t.file), before);
    assert.equal((await w.get.execute(cita.id, anAdmin())).estado, 'Programada');
  });

  it('keeps the booking invariants under random operations on SQLite too', async () => {
    await checkBookingInvariants({ numRuns: 15, storage: sqliteCitasStorage });
  });
});

describe('a citas file made before Idempotency-Keys', () => {
  it('gains the key table on opening, keeps its citas, and replays bookings sent again with their key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'odontocare-sqlite-upgrade-'));
    const file = join(dir, 'citas.db');
    // The citas schema as released up to version 5 (and the agenda's), with a cita written then.
    const old = openDatabase(file, [...citasMigrations.filter((m) => m.version <= 5), ...agendaMigrations]);
    const oldCita = await new SqliteAppointments(old).add(aCita().build());
    old.close();
    const db = openDatabase(file, [...citasMigrations, ...agendaMigrations]);
    try {
      await idempotencyAfterUpgrade(sqliteCitasOn(db), oldCita);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a citas file whose Idempotency-Keys were all bookings'", () => {
  it('keeps their answers on opening: a booking sent again with its key answers its cita, and changes take keys of their own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'odontocare-sqlite-upgrade-'));
    const file = join(dir, 'citas.db');
    // The citas schema as released up to version 6 (and the agenda's), with a booking's key stored as it stored them.
    const old = openDatabase(file, [...citasMigrations.filter((m) => m.version <= 6), ...agendaMigrations]);
    const cita = await new SqliteAppointments(old).add(aCita().build());
    const row = bookingKeyRowBeforeOperations(cita);
    old
      .prepare(
        `INSERT INTO claves_idempotencia (id_user, clave, huella, id_cita, respuesta, creada_en)
         VALUES (@id_user, @clave, @huella, @id_cita, @respuesta, @creada_en)`,
      )
      .run({ ...row, creada_en: row.creada_en.getTime() });
    old.close();
    const db = openDatabase(file, [...citasMigrations, ...agendaMigrations]);
    try {
      await idempotencyAfterOperationsUpgrade(sqliteCitasOn(db), cita);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
