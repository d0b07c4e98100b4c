import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_HASH_QUEUE, defaultHashConcurrency } from '../../adapters/security/argon2-password-hasher';
import type { ThrottleSettings } from '../../adapters/security/login-throttle';
import { commonEnv, ConfigError, byteSize, int, parseEnv, port, secret, text, serverLimitsOf, type ServerLimits, type TrustProxy } from '../../adapters/config/env';

export const DEFAULT_BOOTSTRAP_USERNAME = 'admin';
/** The admin row of loader's usuarios.csv; fine on a laptop, refused in production. */
export const DEFAULT_BOOTSTRAP_PASSWORD = 'OdontoCare2026!';

/** Every variable the admin service reads (README.md, "Configuration", lists them all). */
export const adminEnv = z.object({
  NODE_ENV: text().default('development'),
  ADMIN_PORT: port().default(5001),
  ADMIN_HOST: text().default('0.0.0.0'),
  ADMIN_BOOTSTRAP_USERNAME: text(3).default(DEFAULT_BOOTSTRAP_USERNAME),
  ADMIN_BOOTSTRAP_PASSWORD: secret().default(DEFAULT_BOOTSTRAP_PASSWORD),
  TOKEN_TTL_SECONDS: int(1, 7 * 24 * 3600).default(3600),
  JWT_PRIVATE_KEY_FILE: text().optional(),
  BODY_LIMIT: byteSize().default('100kb'),
  BULK_BODY_LIMIT: byteSize().default('1mb'),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: int(1).default(5),
  LOGIN_MAX_FAILURES_PER_ACCOUNT_ANY_ADDRESS: int(1).default(20),
  LOGIN_MAX_FAILURES_PER_ADDRESS: int(1).default(20),
  LOGIN_WINDOW_SECONDS: int(1).default(15 * 60),
  PASSWORD_HASH_CONCURRENCY: int(1, 256).default(defaultHashConcurrency()),
  PASSWORD_HASH_QUEUE: int(0, 10_000).default(DEFAULT_HASH_QUEUE),
  // Set: the admin database is PostgreSQL (its own database and role) instead of DATA_DIR/admin.db.
  ADMIN_DATABASE_URL: secret().optional(),
  ADMIN_DATABASE_POOL: int(1, 1_000).default(10),
  ...commonEnv, // DATA_DIR, JWT_ISSUER, JWT_AUDIENCE, TRUST_PROXY, LOG_LEVEL, HTTP_*
});

export interface AdminConfig {
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  /** The SQLite file, used when `postgres` is not set. */
  dbFile: string;
  /** PostgreSQL instead of SQLite (ADMIN_DATABASE_URL): its URL and this process's pool size. */
  postgres?: { url: string; maxConnections: number };
  keysFile: string;
  bootstrap: { username: string; password: string };
  jwt: { issuer: string; audience: string; ttlSeconds: number; privateKeyFile?: string };
  /** Largest body of an authenticated route; of a /lote route. (Public routes read 4 KB at most.) */
  bodyLimits: { normal: string; bulk: string };
  trustProxy: TrustProxy;
  /** Timeouts and connection cap of the HTTP server. */
  server: ServerLimits;
  logLevel: string;
  throttle: ThrottleSettings;
  /** Password hashes running at once (default: one per core plus one). */
  passwordHashConcurrency: number;
  /** Password hashes allowed to wait for a slot; beyond it logins and creates get 503 with Retry-After. */
  passwordHashQueue: number;
}

/** Reads the admin service's settings from the environment; fails with one clear message listing what is wrong. */
export function loadAdminConfig(env: NodeJS.ProcessEnv = process.env): AdminConfig {
  const e = parseEnv('admin', adminEnv, env);
  const production = e.NODE_ENV === 'production';
  if (production && e.ADMIN_BOOTSTRAP_PASSWORD === DEFAULT_BOOTSTRAP_PASSWORD) {
    throw new ConfigError('admin', [
      'ADMIN_BOOTSTRAP_PASSWORD: con NODE_ENV=production sigue con su valor de desarrollo (el de usuarios.csv). ' +
        'Defina ADMIN_BOOTSTRAP_PASSWORD con una contraseña propia antes de arrancar en producción.',
    ]);
  }
  const dataDir = resolve(e.DATA_DIR);
  return {
    production,
    port: e.ADMIN_PORT,
    host: e.ADMIN_HOST,
    dataDir,
    dbFile: join(dataDir, 'admin.db'),
    postgres: e.ADMIN_DATABASE_URL === undefined ? undefined : { url: e.ADMIN_DATABASE_URL, maxConnections: e.ADMIN_DATABASE_POOL },
    keysFile: join(dataDir, 'jwt-keys.json'),
    bootstrap: { username: e.ADMIN_BOOTSTRAP_USERNAME, password: e.ADMIN_BOOTSTRAP_PASSWORD },
    jwt: { issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE, ttlSeconds: e.TOKEN_TTL_SECONDS, privateKeyFile: e.JWT_PRIVATE_KEY_FILE },
    bodyLimits: { normal: e.BODY_LIMIT, bulk: e.BULK_BODY_LIMIT },
    trustProxy: e.TRUST_PROXY,
    server: serverLimitsOf('admin', e),
    logLevel: e.LOG_LEVEL,
    throttle: {
      perAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      perAccountAnyAddress: e.LOGIN_MAX_FAILURES_PER_ACCOUNT_ANY_ADDRESS,
      perAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: e.LOGIN_WINDOW_SECONDS,
    },
    passwordHashConcurrency: e.PASSWORD_HASH_CONCURRENCY,
    passwordHashQueue: e.PASSWORD_HASH_QUEUE,
  };
}
