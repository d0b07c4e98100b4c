import { describe, it, before, after, type SuiteContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { inCi } from './docker';

/**
 * A real, throwaway PostgreSQL server for the tests that need one: Debian's
 * PostgreSQL (`/usr/lib/postgresql/<major>/bin`, or PG_BIN), a fresh cluster
 * in a temporary folder on a free loopback port, stopped and deleted when the
 * suite ends. Starting one takes about two seconds.
 *
 * - Server binaries found: the suite runs.
 * - None on a developer's machine: the suite is reported SKIPPED with the reason.
 * - None with CI=true: the suite FAILS (.ci/run installs Debian's postgresql).
 *
 * Passwords are checked (scram-sha-256) on TCP, as in production; durability
 * settings are relaxed (fsync off): these tests kill service processes, never
 * the database server.
 */
export interface PgServer {
  host: string;
  port: number;
  /** The superuser's connection string to `database` (default `postgres`). */
  adminUrl(database?: string): string;
  /** A new empty database owned by a new login role of its own; returns its connection string. */
  createDatabase(prefix: string): Promise<string>;
  /** Runs SQL as the superuser in `database`; the rows of its (last) result. */
  exec(sql: string, database?: string): Promise<Record<string, unknown>[]>;
}

const SUPERUSER_PASSWORD = 'superuser-test-password';
let counter = 0;

function findBinaries(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length > 0 ? join(root, majors[0], 'bin') : undefined;
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` account. */
function asServerUser(bin: string, args: string[]): string {
  const root = process.getuid?.() === 0;
  const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Running {
  server: PgServer;
  stop(): void;
}

async function startServer(bin: string): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'odontocare-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, SUPERUSER_PASSWORD);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  asServerUser(join(bin, 'initdb'), [
    '-D', data, '-U', 'postgres', '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256',
    '-E', 'UTF8', '--locale=C', '--no-sync',
  ]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // A test process that dies must not leave a server behind.
  process.once('exit', stop);

  const adminUrl = (database = 'postgres') => `postgres://postgres:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/${database}`;
  const exec = async (sql: string, database?: string) => {
    const client = new Client({ connectionString: adminUrl(database) });
    await client.connect();
    try {
      const result = await client.query(sql);
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return last.rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  const server: PgServer = {
    host: '127.0.0.1',
    port,
    adminUrl,
    exec,
    async createDatabase(prefix) {
      const name = `${prefix}_${process.pid}_${++counter}`;
      const password = `pw-${name}`;
      await exec(`CREATE ROLE ${name} LOGIN PASSWORD '${password}'`);
      await exec(`CREATE DATABASE ${name} OWNER ${name}`);
      await exec(`REVOKE ALL ON DATABASE ${name} FROM PUBLIC`);
      return `postgres://${name}:${password}@127.0.0.1:${port}/${name}`;
    },
  };
  return { server, stop };
}

/**
 * `describe` for suites that need PostgreSQL: one server for the suite,
 * started before its first test and removed after its last. Runs, skips with
 * the reason, or (CI) fails with the reason.
 */
export function describeWithPostgres(name: string, fn: (pg: () => PgServer, s: SuiteContext) => void | Promise<void>): void {
  const bin = findBinaries();
  if (!bin) {
    const reason = 'no PostgreSQL server binaries (/usr/lib/postgresql/<major>/bin or PG_BIN)';
    if (inCi()) {
      describe(name, () => {
        it('has a PostgreSQL server to test against (required when CI=true)', () => {
          assert.fail(`${reason}. CI must install it (.ci/run installs Debian's postgresql).`);
        });
      });
    } else {
      describe(name, () => {
        it('needs a PostgreSQL server', { skip: `${reason}; apt-get install postgresql` }, () => {});
      });
    }
    return;
  }
  describe(name, (s) => {
    let running: Running | undefined;
    before(async () => {
      running = await startServer(bin);
    });
    after(() => running?.stop());
    return fn(() => {
      if (!running) throw new Error('the PostgreSQL server is not running yet (use it inside tests or hooks)');
      return running.server;
    }, s);
  });
}
