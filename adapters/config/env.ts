import { z } from 'zod';
import '../http/schemas'; // zod's Spanish messages: one place sets them, for requests and settings alike

/**
 * The one way a service reads its settings: a zod schema over the
 * environment, parsed once at start-up. Each app's config.ts declares its own
 * variables with the builders below and maps the result onto its config
 * object; the rules every service shares (blank means unset, values are
 * trimmed, a bad value stops the process with a message naming the variable,
 * every wrong variable at once) live here and nowhere else.
 */

/** A bad setting: the message names every wrong variable, one per line. */
export class ConfigError extends Error {
  constructor(service: string, problems: string[]) {
    super(`Configuración del servicio ${service} no válida:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Blank counts as unset, so `FOO=` (or `FOO= `) in a .env file means "use
 * the default". Values are otherwise passed on as written: the field
 * builders trim what they read, except `secret()`, which takes a password
 * exactly as given.
 */
function present(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') out[k] = v;
  return out;
}

/** Parses `env` with `schema`; throws a ConfigError naming every wrong variable. */
export function parseEnv<S extends z.ZodType>(service: string, schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(present(env));
  if (!parsed.success) throw new ConfigError(service, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return parsed.data;
}

// ---------------------------------------------------------------------------
// Field builders. Every one trims, and each kind of value is judged one way
// in every service.

/** Free text: a host, a path, an issuer. */
export const text = (min = 1) => z.string().trim().min(min);

/** A password or key, taken exactly as written (trimming would make an account with another password than the one in .env). */
export const secret = () => z.string().min(1);

/** An integer in [min, max], written in decimal. */
export const int = (min: number, max: number = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

/** A TCP port to listen on; 0 means any free one. */
export const port = () => int(0, 65535);

/** true/false/1/0. */
export const flag = () =>
  z
    .string()
    .trim()
    .pipe(z.enum(['true', 'false', '1', '0']))
    .transform((v) => v === 'true' || v === '1');

/** An absolute http(s) URL. */
export const httpUrl = () =>
  z
    .string()
    .trim()
    .pipe(z.url({ abort: true }).refine((u) => /^https?:\/\//.test(u), 'debe empezar por http:// o https://'));

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone this Node knows. */
export const timeZone = () => z.string().trim().refine(isTimeZone, 'no es una zona horaria IANA conocida (p. ej. Europe/Madrid)');

/** A request body size as express reads it. */
export const byteSize = () =>
  z
    .string()
    .trim()
    .regex(/^\d+(b|kb|mb)$/i, 'debe ser un tamaño como 100kb o 1mb');

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A pino level. */
export const logLevel = () => z.string().trim().pipe(z.enum(LOG_LEVELS));

// ---------------------------------------------------------------------------

/**
 * Settings both services read, with one default each: where the data lives,
 * what a token must say, whether a proxy's X-Forwarded-For is believed, how
 * much is logged. (BODY_LIMIT is shared too, with a default per service.)
 */
export const commonEnv = {
  DATA_DIR: text().default('./data'),
  JWT_ISSUER: text().default('odontocare-admin'),
  JWT_AUDIENCE: text().default('odontocare'),
  TRUST_PROXY: flag().default(false),
  LOG_LEVEL: logLevel().default('info'),
};
