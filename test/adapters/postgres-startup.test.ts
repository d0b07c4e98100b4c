import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../adapters/config/env';
import { openPostgres, type PostgresTarget } from '../../adapters/postgres/open-postgres';
import type { PgMigration } from '../../adapters/postgres/migrate';
import { describeWithPostgres } from '../support/postgres';

const MIGRATIONS: PgMigration[] = [
  { version: 1, name: 'gist', sql: 'CREATE EXTENSION IF NOT EXISTS btree_gist' },
  { version: 2, name: 'table', sql: 'CREATE TABLE t (id integer PRIMARY KEY)' },
  { version: 3, name: 'row', sql: 'INSERT INTO t VALUES (1)' },
];

function target(url: string, migrations = MIGRATIONS): PostgresTarget {
  return { service: 'citas', variable: 'CITAS_DATABASE_URL', url, maxConnections: 4, lockKey: 42, migrations };
}

async function startupError(url: string, migrations?: PgMigration[]): Promise<string> {
  try {
    const db = await openPostgres(target(url, migrations));
    await db.close();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `a ConfigError, not ${String(err)}`);
    return err.message;
  }
  assert.fail('the service started');
}

describeWithPostgres('PostgreSQL start-up', (pg) => {
  it('a wrong password is a start-up error naming the variable and the user, never the password', async () => {
    const url = await pg().createDatabase('citas');
    const wrong = url.replace(/:pw-[^@]+@/, ':not-the-password@');
    const message = await startupError(wrong);
    assert.match(message, /CITAS_DATABASE_URL: .*rechaza al usuario "citas_/);
    assert.doesNotMatch(message, /not-the-password/);
  });

  it('an unreachable server and a missing database say so', async () => {
    const url = await pg().createDatabase('citas');
    const closedPort = url.replace(`:${pg().port}/`, ':1/');
    assert.match(await startupError(closedPort), /CITAS_DATABASE_URL: ningún PostgreSQL responde en 127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    assert.match(await startupError(url.replace(/\/[^/]+$/, '/no_such_db')), /la base de datos "no_such_db" no existe/);
    assert.match(await startupError('mysql://x@y/z'), /CITAS_DATABASE_URL: no es una URL postgres/);
  });

  it('a role that may not create btree_gist gets a message saying so, and nothing is half applied', async () => {
    const ownerUrl = await pg().createDatabase('citas');
    const database = new URL(ownerUrl).pathname.slice(1);
    const guest = `guest_${process.pid}`;
    await pg().exec(`CREATE ROLE ${guest} LOGIN PASSWORD 'guest'; GRANT CONNECT ON DATABASE ${database} TO ${guest}`);
    // It may create tables (so the failure is the extension's), not extensions: those need CREATE on the database.
    await pg().exec(`GRANT CREATE ON SCHEMA public TO ${guest}`, database);
    const guestUrl = `postgres://${guest}:guest@127.0.0.1:${pg().port}/${database}`;
    assert.match(await startupError(guestUrl), /CITAS_DATABASE_URL: el rol "guest_\d+" no tiene un permiso .*extension.*btree_gist la crea el dueño/);
    assert.deepEqual(await pg().exec('SELECT version FROM schema_migrations', database), [], 'no migration recorded');
  });

  it('a database a newer build migrated is refused naming the variable and the unknown migration, and left as it was', async () => {
    // 2 sits between 1 and 3: numbers are not in the order they were written (citas' 6 and 7 came after the agenda's 10 and 11).
    const one: PgMigration = { version: 1, name: 'uno', sql: 'CREATE TABLE uno (x integer)' };
    const three: PgMigration = { version: 3, name: 'tres', sql: 'CREATE TABLE tres (x integer)' };
    const four: PgMigration = { version: 4, name: 'cuatro', sql: 'CREATE TABLE cuatro (x integer)' };
    const url = await pg().createDatabase('citas');
    const database = new URL(url).pathname.slice(1);
    await (await openPostgres(target(url, [one, three]))).close();
    await pg().exec("CREATE TABLE dos (x integer); INSERT INTO schema_migrations (version, name) VALUES (2, 'dos')", database);

    const message = await startupError(url, [one, three, four]);

    assert.match(message, /CITAS_DATABASE_URL: .*\b2\b.*versión más nueva de OdontoCare/);
    assert.equal(message.split('\n').length, 2, 'the ConfigError heading and one line');
    const versions = await pg().exec('SELECT version FROM schema_migrations ORDER BY version', database);
    assert.deepEqual(versions.map((r) => r.version), [1, 2, 3]);
    assert.deepEqual(await pg().exec("SELECT 1 FROM pg_tables WHERE tablename = 'cuatro'", database), [], 'migration 4 was not applied');
  });

  it('two processes starting at once apply each migration exactly once', async () => {
    const url = await pg().createDatabase('citas');
    const dbs = await Promise.all(Array.from({ length: 4 }, () => openPostgres(target(url))));
    try {
      const versions = await dbs[0].query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(versions.map((v) => v.version), [1, 2, 3]);
      assert.deepEqual(await dbs[0].query('SELECT id FROM t'), [{ id: 1 }]);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
    }
  });
});
