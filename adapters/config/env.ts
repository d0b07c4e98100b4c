import { isIP } from 'node:net';
import { resolve } from 'node:path';
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

/**
 * One or more absolute http(s) URLs, comma-separated (several instances of
 * one service), each judged as httpUrl judges one. A single URL is refused
 * with httpUrl's very message; in a list the wrong entry is named too.
 */
export const httpUrls = () =>
  z.string().transform((v, ctx): string[] => {
    const entries = v.split(',');
    const urls: string[] = [];
    for (const entry of entries) {
      const one = httpUrl().safeParse(entry);
      if (one.success) {
        urls.push(one.data);
        continue;
      }
      const reason = one.error.issues[0].message;
      ctx.addIssue({ code: 'custom', message: entries.length === 1 ? reason : `"${entry.trim()}" ${reason} (cada una de las URL separadas por comas)` });
      return z.NEVER;
    }
    return urls;
  });

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

/**
 * Which proxies' X-Forwarded-For entries to believe: `false`, a hop count, or
 * the proxies' addresses and host names (adapters/http/trusted-proxies.ts).
 */
export type TrustProxy = false | number | string[];

/** express's names for address ranges, accepted in a TRUST_PROXY list. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
/** Host-name labels as Docker's DNS answers them (compose's `web`, v1's `clinica_web_1`); all digits would be a mistyped IPv4. */
const HOST_NAME = /^(?![\d.]+$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$/;
/** Words that mean "true" to a person writing a setting: refused like `true`, never looked up as a host. */
const YES_WORDS = ['true', 'yes', 'on', 'si'];

/** An address, CIDR range or express range name of TRUST_PROXY; its other entries are host names. */
export function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function isProxy(entry: string): boolean {
  return isProxyAddress(entry) || (HOST_NAME.test(entry) && !YES_WORDS.includes(entry.toLowerCase()));
}

/**
 * TRUST_PROXY: `false` or `0` (no proxy: the socket's address is the
 * client's), a hop count (`1` behind one proxy: believe the last entry that
 * proxy appended), or a comma-separated list of the proxies' addresses, CIDR
 * ranges and host names (`web` in compose). `true` is refused: it believes
 * the left-most entry, which the client writes, so any client could choose
 * its address and its throttle.
 */
export const trustProxy = () =>
  z
    .string()
    .trim()
    .transform((v, ctx): TrustProxy => {
      if (v === 'false' || v === '0') return false;
      if (YES_WORDS.includes(v.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          message:
            `${v} no se admite: creería la primera dirección de X-Forwarded-For, que escribe el cliente. ` +
            'Indique cuántos proxies hay delante (saltos, p. ej. 1) o sus direcciones o nombres (p. ej. 10.0.0.5,172.16.0.0/12,web).',
        });
        return z.NEVER;
      }
      if (/^\d+$/.test(v)) return Number(v);
      const entries = v.split(',').map((e) => e.trim());
      const bad = entries.filter((e) => !isProxy(e));
      if (bad.length === 0) return entries;
      ctx.addIssue({
        code: 'custom',
        message: `debe ser false, un número de saltos (proxies delante) o una lista de direcciones IP, rangos CIDR o nombres de los proxies; no se entiende ${bad.map((b) => `"${b}"`).join(', ')}.`,
      });
      return z.NEVER;
    });

/**
 * A host name or IP address written one way, as a browser writes it in the
 * Host header (the WHATWG URL parser's form): lower case, no trailing dot,
 * IPv6 compressed and in brackets. Undefined when `value` is neither (a
 * port, a scheme, a path, a wildcard, an IPv4 address with leading zeros).
 * A setting and a request's Host are compared in this form (WEB_ALLOWED_HOSTS).
 */
export function canonicalHost(value: string): string | undefined {
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  const family = bare.includes('%') ? 0 : isIP(bare); // a zone id (fe80::1%eth0) never comes in a Host header
  if (family === 6) return new URL(`http://[${bare}]`).hostname;
  if (family === 4) return bare;
  if (bare !== value) return undefined;
  const name = bare.toLowerCase().replace(/\.$/, '');
  return HOST_NAME.test(name) ? name : undefined;
}

/** A comma-separated list of host names and IP addresses (no scheme, no port), each in canonicalHost's form. */
export const hostNames = () =>
  z
    .string()
    .trim()
    .transform((v, ctx): string[] => {
      const entries = v.split(',').map((e) => e.trim());
      const hosts = entries.map(canonicalHost);
      const bad = entries.filter((_, i) => hosts[i] === undefined);
      if (bad.length === 0) return hosts as string[];
      ctx.addIssue({
        code: 'custom',
        message: `debe ser una lista de nombres de host o direcciones IP separados por comas, sin esquema, puerto ni comodines (p. ej. recepcion.clinica.lan,192.168.1.20); no se entiende ${bad.map((b) => `"${b}"`).join(', ')}.`,
      });
      return z.NEVER;
    });

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A pino level. */
export const logLevel = () => z.string().trim().pipe(z.enum(LOG_LEVELS));

// ---------------------------------------------------------------------------

/**
 * Settings both services read, with one default each: where the data lives,
 * what a token must say, whether a proxy's X-Forwarded-For is believed, how
 * much is logged, how long a client may take and how many may connect.
 * (BODY_LIMIT is shared too, with a default per service.)
 */
export const commonEnv = {
  DATA_DIR: text().default('./data'),
  JWT_ISSUER: text().default('odontocare-admin'),
  JWT_AUDIENCE: text().default('odontocare'),
  TRUST_PROXY: trustProxy().default(false),
  LOG_LEVEL: logLevel().default('info'),
  HTTP_HEADERS_TIMEOUT_MS: int(100, 600_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: int(100, 3_600_000).default(30_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(100, 600_000).default(5_000),
  HTTP_MAX_CONNECTIONS: int(1, 1_000_000).default(500),
};

/** DATA_DIR as every service reads it, for a command that needs the folder without a whole service's settings (npm run backup's lock). */
export function dataDirOf(env: NodeJS.ProcessEnv): string {
  return resolve(parseEnv('backup', z.object({ DATA_DIR: commonEnv.DATA_DIR }), env).DATA_DIR);
}

/** How long a client may take and how many may be connected (adapters/http/serve.ts). */
export interface ServerLimits {
  /** Time to send the request line and headers. */
  headersTimeoutMs: number;
  /** Time to send the whole request, body included (a trickled body is cut with 408). */
  requestTimeoutMs: number;
  /** How long an idle kept-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** Open connections at most; beyond it new ones are closed at once. */
  maxConnections: number;
}

type ServerEnv = { [K in 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_REQUEST_TIMEOUT_MS' | 'HTTP_KEEP_ALIVE_TIMEOUT_MS' | 'HTTP_MAX_CONNECTIONS']: number };

/** The HTTP_* settings of either service; the headers must fit in the time the whole request has. */
export function serverLimitsOf(service: string, e: ServerEnv): ServerLimits {
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(service, [
      `HTTP_HEADERS_TIMEOUT_MS: ${e.HTTP_HEADERS_TIMEOUT_MS} supera HTTP_REQUEST_TIMEOUT_MS (${e.HTTP_REQUEST_TIMEOUT_MS}); las cabeceras son parte de la petición.`,
    ]);
  }
  return {
    headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: e.HTTP_MAX_CONNECTIONS,
  };
}
