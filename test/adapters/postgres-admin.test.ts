import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { TooManyAttemptsError } from '../../core/domain/errors';
import { searchKey } from '../../core/domain/text';
import { adminPgMigrations } from '../../adapters/postgres/admin-migrations';
import { migrate, MIGRATION_LOCK } from '../../adapters/postgres/migrate';
import { PgDatabase } from '../../adapters/postgres/pg-database';
import { PgDoctors } from '../../adapters/postgres/pg-doctors';
import { PgLoginThrottle } from '../../adapters/postgres/pg-login-throttle';
import { PgPatients } from '../../adapters/postgres/pg-patients';
import { PgUsers } from '../../adapters/postgres/pg-users';
import { StorageUnavailableError } from '../../adapters/storage/storage-unavailable';
import { DEFAULT_THROTTLE } from '../../adapters/security/login-throttle';
import { FixedClock } from '../fakes/fixed-clock';
import { describeWithPostgres } from '../support/postgres';
import { openAdminDatabase } from '../support/postgres-admin';
import { especialidadSearchAfterUpgrade } from '../contracts/doctors-contract';
import { phoneSearchAfterUpgrade } from '../contracts/patients-contract';

/** Released admin migrations for PostgreSQL: a version that has run somewhere is never edited (see test/adapters/sqlite-migrations.test.ts). */
const RELEASED: Record<number, string> = {
  1: '50c196355057a24ff65fa9ed5c144cd84ec8423c3fd3ed27b792bbe5c98dbf7c',
  2: '94e247deefc150b9da6ced058a65e72d1f16542e92fc228d30c21fb6eb8db002',
  3: '17df5d53e520101af4abd73ef2d60b57d2ee0d97bde47ca700eef3e5f2c3ee70',
  4: '879bf09dd9f0588cc0d12ccc422dad3fc00caa857997209f73fa1987e4f72c8d',
};

describeWithPostgres('admin on PostgreSQL', (pg) => {
  it('keeps every released migration text', () => {
    for (const [version, hash] of Object.entries(RELEASED)) {
      const m = adminPgMigrations.find((x) => x.version === Number(version));
      assert.ok(m, `admin migration ${version} is gone`);
      assert.equal(createHash('sha256').update(m.sql).digest('hex'), hash, `admin migration ${version} (${m.name}) changed: write a new version instead`);
    }
  });

  it('finds the doctors of a database made before the especialidad filter ignored accents, by their specialty in any case and accents', async () => {
    const url = await pg().createDatabase('admin');
    // The admin schema as released up to version 2, with rows written then.
    const old = new PgDatabase({ url, maxConnections: 1 });
    const ids: number[] = [];
    try {
      await migrate(old, MIGRATION_LOCK.admin, adminPgMigrations.filter((m) => m.version <= 2));
      for (const [i, [nombre, especialidad]] of [
        ['Lucía Prat', 'Odontopediatría'],
        ['Raúl Mora', 'Ortodoncia'],
      ].entries()) {
        const [user] = await old.query<{ id: number }>("INSERT INTO users (username, rol, password_hash) VALUES ($1, 'medico', 'h') RETURNING id", [`doc${i}`]);
        const [doctor] = await old.query<{ id: number }>(
          'INSERT INTO doctors (id_user, nombre, nombre_norm, especialidad) VALUES ($1, $2, $3, $4) RETURNING id',
          [user.id, nombre, searchKey(nombre), especialidad],
        );
        ids.push(doctor.id);
      }
    } finally {
      await old.close();
    }
    const db = await openAdminDatabase(url);
    try {
      await especialidadSearchAfterUpgrade(new PgDoctors(db), ids);
    } finally {
      await db.close();
    }
  });

  it('finds the patients of a database made before the telefono filter by their phone digits, and keeps finding them after an update', async () => {
    const url = await pg().createDatabase('admin');
    // The admin schema as released up to version 3, with rows written then.
    const old = new PgDatabase({ url, maxConnections: 1 });
    const ids: number[] = [];
    try {
      await migrate(old, MIGRATION_LOCK.admin, adminPgMigrations.filter((m) => m.version <= 3));
      for (const [i, [nombre, telefono]] of [
        ['Luis Pérez', '+34612345678'],
        ['Eva Núñez', '+34911222333'],
      ].entries()) {
        const [user] = await old.query<{ id: number }>("INSERT INTO users (username, rol, password_hash) VALUES ($1, 'paciente', 'h') RETURNING id", [`pac${i}`]);
        const [patient] = await old.query<{ id: number }>(
          'INSERT INTO patients (id_user, nombre, nombre_norm, telefono) VALUES ($1, $2, $3, $4) RETURNING id',
          [user.id, nombre, searchKey(nombre), telefono],
        );
        ids.push(patient.id);
      }
    } finally {
      await old.close();
    }
    const db = await openAdminDatabase(url);
    try {
      await phoneSearchAfterUpgrade(new PgPatients(db), ids);
    } finally {
      await db.close();
    }
  });

  it('lets only one of two processes create the same username, in any casing, and the other gets USUARIO_DUPLICADO', async () => {
    const url = await pg().createDatabase('admin');
    const [a, b] = await Promise.all([openAdminDatabase(url), openAdminDatabase(url)]);
    try {
      const create = (db: PgDatabase, username: string) =>
        db.run(async () => {
          const users = new PgUsers(db);
          // Both look first and find the name free: the unique index still decides.
          await users.byUsername(username);
          return users.add({ username, rol: 'admin', passwordHash: 'h', activo: true });
        });
      const outcomes = await Promise.allSettled([create(a, 'Maria'), create(b, 'MARIA'), create(a, 'maria'), create(b, 'mAria')]);
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
      for (const o of outcomes) {
        if (o.status === 'rejected') assert.equal((o.reason as { code?: string }).code, 'USUARIO_DUPLICADO', String(o.reason));
      }
      assert.equal(await new PgUsers(a).count(), 1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('admits exactly perAccount of 50 parallel wrong guesses at one account sent through two processes', async () => {
    const url = await pg().createDatabase('admin');
    const [a, b] = await Promise.all([openAdminDatabase(url), openAdminDatabase(url)]);
    try {
      const clock = new FixedClock();
      const throttles = [new PgLoginThrottle(a, DEFAULT_THROTTLE, clock), new PgLoginThrottle(b, DEFAULT_THROTTLE, clock)];
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => throttles[i % 2].admit({ username: 'ana', address: '10.0.0.1' })),
      );
      const admitted = outcomes.filter((o) => o.status === 'fulfilled').length;
      assert.equal(admitted, DEFAULT_THROTTLE.perAccount);
      for (const o of outcomes) if (o.status === 'rejected') assert.ok(o.reason instanceof TooManyAttemptsError, String(o.reason));
      const rows = await a.query<{ key: string; failures: number }>('SELECT key, failures FROM login_failures ORDER BY key');
      assert.deepEqual(rows.map((r) => r.failures), [DEFAULT_THROTTLE.perAccount, DEFAULT_THROTTLE.perAccount, DEFAULT_THROTTLE.perAccount]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("keeps each service's tables to its own role: admin cannot read citas' database, nor citas admin's", async () => {
    const adminUrl = await pg().createDatabase('admin');
    const citasUrl = await pg().createDatabase('citas');
    const admin = await openAdminDatabase(adminUrl);
    await admin.close();
    await pg().exec('CREATE TABLE citas (id integer PRIMARY KEY)', new URL(citasUrl).pathname.slice(1));
    const cross = (who: string, into: string) => {
      const u = new URL(who);
      u.pathname = new URL(into).pathname;
      return u.toString();
    };
    for (const [who, into, table] of [
      [adminUrl, citasUrl, 'citas'],
      [citasUrl, adminUrl, 'users'],
    ]) {
      const db = new PgDatabase({ url: cross(who, into), maxConnections: 1 });
      try {
        // CONNECT is revoked from PUBLIC on each database; were it granted, the tables would still be the owner's alone.
        await assert.rejects(db.query(`SELECT * FROM ${table}`), (err: unknown) => (err as { code?: string }).code === '42501', `${new URL(who).username} into ${table}`);
      } finally {
        await db.close();
      }
    }
    const citasDb = new URL(citasUrl).pathname.slice(1);
    const adminRole = new URL(adminUrl).username;
    await pg().exec(`GRANT CONNECT ON DATABASE ${citasDb} TO ${adminRole}`);
    const db = new PgDatabase({ url: cross(adminUrl, citasUrl), maxConnections: 1 });
    try {
      await assert.rejects(db.query('SELECT * FROM citas'), (err: unknown) => (err as { code?: string }).code === '42501', 'even with CONNECT');
    } finally {
      await db.close();
    }
  });

  it('reports an unreachable server as StorageUnavailableError, and works again once it is back', async () => {
    const url = await pg().createDatabase('admin');
    const db = await openAdminDatabase(url);
    try {
      const users = new PgUsers(db);
      await users.count();
      // Every connection of this role is cut, as a server restart would.
      const role = new URL(url).username;
      const cut = () => pg().exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`);
      await pg().exec(`ALTER ROLE ${role} CONNECTION LIMIT 0`);
      await cut();
      await assert.rejects(users.count(), StorageUnavailableError);
      await assert.rejects(db.run(() => users.count()), StorageUnavailableError);
      await pg().exec(`ALTER ROLE ${role} CONNECTION LIMIT -1`);
      assert.equal(await users.count(), 0);
    } finally {
      await db.close();
    }
  });
});
