import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';

/**
 * Starts a real, throwaway PostgreSQL server: Debian's PostgreSQL
 * (`/usr/lib/postgresql/<major>/bin`, or PG_BIN), a fresh cluster in a
 * temporary folder on a free loopback port, stopped and deleted on stop() or
 * when the process exits. About two seconds. Used by the tests
 * (test/support/postgres.ts, durability off) and by `npm run bench`
 * (bench/postgres.ts, durability on). No node:test here, so the bench can
 * import it.
 *
 * Passwords are checked (scram-sha-256) on TCP, as in production.
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

export interface RunningPostgres {
  server: PgServer;
  /** The postmaster's process id (its backends are its children). */
  pid: number;
  stop(): void;
}

export interface StartOptions {
  /**
   * false (the tests): fsync, synchronous_commit and full_page_writes off;
   * they kill service processes, never the database server.
   * true (the bench): PostgreSQL's defaults, every commit flushed to disk,
   * as a production server and as SQLite's synchronous=FULL.
   */
  durable: boolean;
}

const SUPERUSER_PASSWORD = 'superuser-test-password';
let counter = 0;

/** The server binaries' folder, or undefined when this machine has none. */
export function findPostgresBinaries(): string | undefined {
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


export async function startPostgresServer(bin: string, options: StartOptions): Promise<RunningPostgres> {
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
  const port = await freePort();
  const relaxed = options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const flags = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${relaxed}`;
  try {
    // --no-sync only skips initdb's own flush of the new cluster's files; the server's settings decide each commit.
    asServerUser(join(bin, 'initdb'), [
      '-D', data, '-U', 'postgres', '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256',
      '-E', 'UTF8', '--locale=C', '--no-sync',
    ]);
    asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-o', flags, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
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
  // A process that dies must not leave a server behind.
  process.once('exit', stop);

  const adminUrl = (database = 'postgres') => `postgres://postgres:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/${database}`;
  const server: PgServer = {
    host: '127.0.0.1',
    port,
    adminUrl,
    exec: (sql, database) => execAs(adminUrl(database), sql),
    async createDatabase(prefix) {
      const name = `${prefix}_${process.pid}_${++counter}`;
      const password = `pw-${name}`;
      await server.exec(`CREATE ROLE ${name} LOGIN PASSWORD '${password}'`);
      await server.exec(`CREATE DATABASE ${name} OWNER ${name}`);
      await server.exec(`REVOKE ALL ON DATABASE ${name} FROM PUBLIC`);
      return `postgres://${name}:${password}@127.0.0.1:${port}/${name}`;
    },
  };
  return { server, pid, stop };
}

/** Runs SQL on its own connection; the rows of its (last) result. */
export async function execAs(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(sql);
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    return last.rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}
