import { ConfigError } from '../config/env';
import { NewerSchemaError } from '../storage/schema-versions';
import { migrate, type PgMigration } from './migrate';
import { PgDatabase, sqlState } from './pg-database';

export interface PostgresTarget {
  /** The service, for the start-up message ("admin", "citas"). */
  service: string;
  /** The variable the URL came from, named in every start-up error. */
  variable: string;
  url: string;
  maxConnections: number;
  lockKey: number;
  migrations: readonly PgMigration[];
}

/**
 * Connects, checks the server answers and brings the schema up to date. A
 * database that cannot be used is a ConfigError naming the variable and what
 * is wrong with it, never a stack trace: the operator fixes a setting, not
 * the code. The URL's password never appears in the message.
 */
export async function openPostgres(target: PostgresTarget): Promise<PgDatabase> {
  const where = checkUrl(target);
  const db = new PgDatabase({ url: target.url, maxConnections: target.maxConnections });
  try {
    await db.ping();
    await migrate(db, target.lockKey, target.migrations);
    return db;
  } catch (err) {
    await db.close().catch(() => {});
    throw new ConfigError(target.service, [`${target.variable}: ${startupProblem(err, where)}`]);
  }
}

function checkUrl(target: PostgresTarget): Where {
  const where = describeUrl(target.url);
  if (!where) throw new ConfigError(target.service, [`${target.variable}: no es una URL postgres://usuario:clave@host:puerto/base`]);
  return where;
}

interface Where {
  user: string;
  host: string;
  port: string;
  database: string;
}

function describeUrl(url: string): Where | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') return undefined;
    return { user: decodeURIComponent(u.username), host: u.hostname, port: u.port || '5432', database: decodeURIComponent(u.pathname.slice(1)) };
  } catch {
    return undefined;
  }
}

/** What an operator should know about a failed start, in one line, without the server's internals. */
export function startupProblem(err: unknown, w: Where): string {
  if (err instanceof NewerSchemaError) return err.message;
  const code = sqlState(err) ?? (err as { code?: string } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
      return `ningún PostgreSQL responde en ${w.host}:${w.port} (${code})`;
    case '28P01':
    case '28000':
      return `PostgreSQL en ${w.host}:${w.port} rechaza al usuario "${w.user}" (clave incorrecta o el rol no existe)`;
    case '3D000':
      return `la base de datos "${w.database}" no existe en ${w.host}:${w.port}`;
    case '42501':
      return `el rol "${w.user}" no tiene un permiso que el esquema necesita (${firstLine(message)})${
        /extension/i.test(message) ? `; la extensión ${/extension "([^"]+)"/i.exec(message)?.[1] ?? 'btree_gist'} la crea el dueño de la base o un superusuario` : ''
      }`;
    case '0A000':
    case '58P01':
      return `al servidor le falta una extensión que el esquema necesita (${firstLine(message)}): instale btree_gist (contrib)`;
    default:
      if (/timeout/i.test(message)) return `PostgreSQL en ${w.host}:${w.port} no respondió a tiempo`;
      return `no se pudo preparar la base de datos "${w.database}" (${code ?? 'error'}: ${firstLine(message)})`;
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 200);
}
