import { join, resolve } from 'node:path';
import { z } from 'zod';

export const DEFAULT_BOOTSTRAP_USERNAME = 'admin';
/** The admin row of loader's usuarios.csv; fine on a laptop, refused in production. */
export const DEFAULT_BOOTSTRAP_PASSWORD = 'OdontoCare2026!';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(5001),
  ADMIN_HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  ADMIN_BOOTSTRAP_USERNAME: z.string().min(3).default(DEFAULT_BOOTSTRAP_USERNAME),
  ADMIN_BOOTSTRAP_PASSWORD: z.string().min(1).default(DEFAULT_BOOTSTRAP_PASSWORD),
  JWT_ISSUER: z.string().min(1).default('odontocare-admin'),
  JWT_AUDIENCE: z.string().min(1).default('odontocare'),
  TOKEN_TTL_SECONDS: positiveInt.max(7 * 24 * 3600).default(3600),
  JWT_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  BODY_LIMIT: z.string().min(1).default('1mb'),
  TRUST_PROXY: flag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt.default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: positiveInt.default(20),
  LOGIN_WINDOW_SECONDS: positiveInt.default(15 * 60),
});

export interface AdminConfig {
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  dbFile: string;
  keysFile: string;
  bootstrap: { username: string; password: string };
  jwt: { issuer: string; audience: string; ttlSeconds: number; privateKeyFile?: string };
  bodyLimit: string;
  trustProxy: boolean;
  logLevel: string;
  throttle: { perAccount: number; perAddress: number; windowSeconds: number };
}

/** Reads the admin service's settings from the environment; fails with one clear message listing what is wrong. */
export function loadAdminConfig(env: NodeJS.ProcessEnv = process.env): AdminConfig {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Configuración del servicio admin no válida:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && e.ADMIN_BOOTSTRAP_PASSWORD === DEFAULT_BOOTSTRAP_PASSWORD) {
    throw new Error(
      'NODE_ENV=production y ADMIN_BOOTSTRAP_PASSWORD sigue con su valor de desarrollo (el de usuarios.csv). ' +
        'Defina ADMIN_BOOTSTRAP_PASSWORD con una contraseña propia antes de arrancar en producción.',
    );
  }
  const dataDir = resolve(e.DATA_DIR);
  return {
    production,
    port: e.ADMIN_PORT,
    host: e.ADMIN_HOST,
    dataDir,
    dbFile: join(dataDir, 'admin.db'),
    keysFile: join(dataDir, 'jwt-keys.json'),
    bootstrap: { username: e.ADMIN_BOOTSTRAP_USERNAME, password: e.ADMIN_BOOTSTRAP_PASSWORD },
    jwt: { issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE, ttlSeconds: e.TOKEN_TTL_SECONDS, privateKeyFile: e.JWT_PRIVATE_KEY_FILE },
    bodyLimit: e.BODY_LIMIT,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    throttle: { perAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT, perAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS, windowSeconds: e.LOGIN_WINDOW_SECONDS },
  };
}
