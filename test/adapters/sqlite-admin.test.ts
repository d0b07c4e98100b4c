import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { searchKey } from '../../core/domain/text';
import { adminMigrations } from '../../adapters/sqlite/admin-migrations';
import { openDatabase, SqliteUnitOfWork } from '../../adapters/sqlite/open-database';
import { SqliteCenters } from '../../adapters/sqlite/sqlite-centers';
import { SqliteDoctors } from '../../adapters/sqlite/sqlite-doctors';
import { SqlitePatients } from '../../adapters/sqlite/sqlite-patients';
import { SqliteRevokedTokens } from '../../adapters/sqlite/sqlite-revoked-tokens';
import { SqliteUsers } from '../../adapters/sqlite/sqlite-users';
import type { AdminRepositories } from '../contracts/admin-repositories';
import { centersContract } from '../contracts/centers-contract';
import { doctorsContract, especialidadSearchAfterUpgrade } from '../contracts/doctors-contract';
import { patientsContract, phoneSearchAfterUpgrade } from '../contracts/patients-contract';
import { usersContract } from '../contracts/users-contract';
import { InMemoryCenters } from '../fakes/in-memory-centers';
import { InMemoryDoctors } from '../fakes/in-memory-doctors';
import { InMemoryPatients } from '../fakes/in-memory-patients';
import { InMemoryUnitOfWork } from '../fakes/in-memory-unit-of-work';
import { InMemoryRevokedTokens } from '../fakes/in-memory-revoked-tokens';
import { InMemoryUsers } from '../fakes/in-memory-users';
import { revokedTokensContract } from '../contracts/revoked-tokens-contract';

/** The SQLite adapters on a real temporary file (WAL, FKs, migrations as in production). */
function sqliteRepositories(): AdminRepositories {
  const dir = mkdtempSync(join(tmpdir(), 'odontocare-sqlite-admin-'));
  const db = openDatabase(join(dir, 'admin.db'), adminMigrations);
  return {
    users: new SqliteUsers(db),
    doctors: new SqliteDoctors(db),
    patients: new SqlitePatients(db),
    centers: new SqliteCenters(db),
    uow: new SqliteUnitOfWork(db),
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function inMemoryRepositories(): AdminRepositories {
  const users = new InMemoryUsers();
  const doctors = new InMemoryDoctors();
  const patients = new InMemoryPatients();
  const centers = new InMemoryCenters();
  return { users, doctors, patients, centers, uow: new InMemoryUnitOfWork([users, doctors, patients, centers]) };
}

for (const [name, factory] of [
  ['in-memory fakes', inMemoryRepositories],
  ['SQLite file', sqliteRepositories],
] as const) {
  usersContract(name, factory);
  doctorsContract(name, factory);
  patientsContract(name, factory);
  centersContract(name, factory);
}

revokedTokensContract('in-memory fake', () => ({ revoked: new InMemoryRevokedTokens() }));
revokedTokensContract('SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'odontocare-sqlite-revoked-'));
  const db = openDatabase(join(dir, 'admin.db'), adminMigrations);
  return {
    revoked: new SqliteRevokedTokens(db),
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite admin schema', () => {
  it('uses an index for every list filter', () => {
    const dir = mkdtempSync(join(tmpdir(), 'odontocare-sqlite-plan-'));
    const db = openDatabase(join(dir, 'admin.db'), adminMigrations);
    try {
      const plan = (sql: string, ...params: unknown[]) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
      assert.match(plan('SELECT * FROM doctors WHERE especialidad_norm = ?', 'x'), /USING INDEX doctors_especialidad_norm/);
      assert.match(plan('SELECT * FROM doctors WHERE activo = ? ORDER BY id', 1), /USING INDEX doctors_activo/);
      assert.match(plan('SELECT * FROM patients WHERE estado = ? ORDER BY id', 'ACTIVO'), /USING INDEX patients_estado/);
      assert.match(plan('SELECT * FROM centers WHERE activo = ? ORDER BY id', 1), /USING INDEX centers_activo/);
      assert.match(plan('SELECT * FROM users WHERE lower(username) = ?', 'x'), /USING INDEX users_username_unique/);
      assert.match(plan('SELECT * FROM users WHERE rol = ? ORDER BY id', 'admin'), /USING INDEX users_rol/);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the doctors of a database made before the especialidad filter ignored accents, by their specialty in any case and accents', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'odontocare-sqlite-upgrade-'));
    const file = join(dir, 'admin.db');
    // The admin schema as released up to version 3, with rows written then.
    const old = openDatabase(file, adminMigrations.filter((m) => m.version <= 3));
    const oldDoctor = old.prepare('INSERT INTO doctors (id_user, nombre, nombre_norm, especialidad) VALUES (?, ?, ?, ?)');
    const oldUser = old.prepare("INSERT INTO users (username, rol, password_hash) VALUES (?, 'medico', 'h')");
    const ids = [
      ['Lucía Prat', 'Odontopediatría'],
      ['Raúl Mora', 'Ortodoncia'],
    ].map(([nombre, especialidad], i) => {
      const user = oldUser.run(`doc${i}`).lastInsertRowid;
      return Number(oldDoctor.run(user, nombre, searchKey(nombre), especialidad).lastInsertRowid);
    });
    old.close();
    const db = openDatabase(file, adminMigrations);
    try {
      await especialidadSearchAfterUpgrade(new SqliteDoctors(db), ids);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the patients of a database made before the telefono filter by their phone digits, and keeps finding them after an update', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'odontocare-sqlite-upgrade-'));
    const file = join(dir, 'admin.db');
    // The admin schema as released up to version 4, with rows written then.
    const old = openDatabase(file, adminMigrations.filter((m) => m.version <= 4));
    const oldPatient = old.prepare("INSERT INTO patients (id_user, nombre, nombre_norm, telefono, estado) VALUES (?, ?, ?, ?, 'ACTIVO')");
    const oldUser = old.prepare("INSERT INTO users (username, rol, password_hash) VALUES (?, 'paciente', 'h')");
    const ids = [
      ['Luis Pérez', '+34612345678'],
      ['Eva Núñez', '+34911222333'],
    ].map(([nombre, telefono], i) => {
      const user = oldUser.run(`pac${i}`).lastInsertRowid;
      return Number(oldPatient.run(user, nombre, searchKey(nombre), telefono).lastInsertRowid);
    });
    old.close();
    const db = openDatabase(file, adminMigrations);
    try {
      await phoneSearchAfterUpgrade(new SqlitePatients(db), ids);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets only one of two connections create the same username, and the loser gets USUARIO_DUPLICADO', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'odontocare-sqlite-race-'));
    const file = join(dir, 'admin.db');
    const a = openDatabase(file, adminMigrations);
    const b = openDatabase(file, adminMigrations);
    try {
      await new SqliteUsers(a).add({ username: 'Maria', rol: 'admin', passwordHash: 'h', activo: true });
      // b's earlier lookup could have said "free": the unique index still decides.
      await assert.rejects(
        () => new SqliteUsers(b).add({ username: 'MARIA', rol: 'admin', passwordHash: 'h', activo: true }),
        (err: unknown) => (err as { code?: string }).code === 'USUARIO_DUPLICADO' && !String((err as Error).message).includes('SQLITE'),
      );
    } finally {
      a.close();
      b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
