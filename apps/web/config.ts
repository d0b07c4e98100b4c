import { resolve } from 'node:path';
import { z } from 'zod';
import {
  canonicalHost,
  commonEnv,
  ConfigError,
  flag,
  hostNames,
  httpUrl,
  httpUrls,
  int,
  parseEnv,
  port,
  secret,
  serverLimitsOf,
  type ServerLimits,
  text,
  timeZone,
  type TrustProxy,
} from '../../adapters/config/env';
import { FETCH_BLOCKED_PORTS, portOfUrl } from '../../adapters/config/fetch-blocked-ports';

/** The development secret; fine on a laptop, refused with NODE_ENV=production. */
export const DEFAULT_SESSION_SECRET = 'odontocare-web-desarrollo-cambie-este-secreto';

/** Every variable the web service reads (README.md, "Configuration", lists them all). */
export const webEnv = z.object({
  NODE_ENV: text().default('development'),
  WEB_PORT: port().default(5000),
  WEB_HOST: text().default('0.0.0.0'),
  ADMIN_URL: httpUrl().default('http://127.0.0.1:5001'),
  // One citas or several on one database (citas,citas-2 in compose.postgres.yml): the relay takes turns (Upstream).
  CITAS_URL: httpUrls().default(['http://127.0.0.1:5002']),
  CLINIC_TIME_ZONE: timeZone().default('Europe/Madrid'),
  // Citas reads it to decide; web to tell the page whether to offer a secretaria booking (same name, same default).
  RESERVA_SECRETARIA: flag().default(false),
  SESSION_SECRET: secret()
    .default(DEFAULT_SESSION_SECRET)
    .refine((s) => s.length >= 32, 'debe tener al menos 32 caracteres'),
  // Unset: on exactly when WEB_PUBLIC_ORIGIN is https (loadWebConfig).
  SESSION_COOKIE_SECURE: flag().optional(),
  WEB_PUBLIC_ORIGIN: httpUrl().optional(),
  // Names the web is reached by besides loopback and WEB_PUBLIC_ORIGIN's host (allowedHostsOf).
  WEB_ALLOWED_HOSTS: hostNames().optional(),
  WEB_PAGE_DIR: text().default('dist/page'),
  API_TIMEOUT_MS: int(50, 60_000).default(5000),
  // Unset: connectTimeoutOf's default, which follows a short API_TIMEOUT_MS.
  API_CONNECT_TIMEOUT_MS: int(50, 60_000).optional(),
  TRUST_PROXY: commonEnv.TRUST_PROXY,
  LOG_LEVEL: commonEnv.LOG_LEVEL,
  // The browsers' side: slow clients and the connection cap matter here first.
  HTTP_HEADERS_TIMEOUT_MS: commonEnv.HTTP_HEADERS_TIMEOUT_MS,
  HTTP_REQUEST_TIMEOUT_MS: commonEnv.HTTP_REQUEST_TIMEOUT_MS,
  HTTP_KEEP_ALIVE_TIMEOUT_MS: commonEnv.HTTP_KEEP_ALIVE_TIMEOUT_MS,
  HTTP_MAX_CONNECTIONS: commonEnv.HTTP_MAX_CONNECTIONS,
});

export interface WebConfig {
  production: boolean;
  port: number;
  host: string;
  adminUrl: string;
  /** CITAS_URL's instances, in the order written; the relay takes turns and passes over one it cannot connect to. */
  citasUrls: string[];
  clinicTimeZone: string;
  /**
   * RESERVA_SECRETARIA, as citas reads it: whether a secretaria may book. The
   * web only tells the page (the session's puede_reservar, from core's
   * access table); citas decides.
   */
  reservaSecretaria: boolean;
  session: { secret: string; cookieSecure: boolean };
  /** An origin other than the request's own that may send unsafe requests (the public address behind a proxy). */
  publicOrigin?: string;
  /** The Host names (canonicalHost's form) the web answers; any other gets 421 (allowedHostsOf). */
  allowedHosts: string[];
  /** The compiled page (npm run build:page writes it). */
  pageDir: string;
  /** API_TIMEOUT_MS: one deadline for a whole relayed request, every instance tried and the answer. */
  apiTimeoutMs: number;
  /** API_CONNECT_TIMEOUT_MS: how long one instance may take to accept the connection before the next is tried. */
  apiConnectTimeoutMs: number;
  trustProxy: TrustProxy;
  logLevel: string;
  /** Timeouts and connection cap of the HTTP server. */
  server: ServerLimits;
}

const noSlash = (url: string) => url.replace(/\/+$/, '');

/** A person at this machine, and the image's own health check (Dockerfile: fetch http://127.0.0.1:5000/ready). */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The names the web answers (its defence against DNS rebinding: a page on
 * attacker.example whose name is pointed at this machine arrives with
 * Host: attacker.example and is refused). Loopback always: a browser sends
 * Host: localhost only for a page it loaded from localhost, so no other site
 * can borrow it. Then the public address behind a proxy, and whatever the
 * deployment declares in WEB_ALLOWED_HOSTS (another PC on the clinic's
 * network reaching it by address, a proxy that passes its own upstream name).
 */
function allowedHostsOf(publicOrigin: string | undefined, declared: string[]): string[] {
  const originHost = publicOrigin === undefined ? [] : [new URL(publicOrigin).hostname];
  return [...new Set([...LOOPBACK_HOSTS, ...originHost.map((h) => canonicalHost(h) ?? h), ...declared])];
}

/**
 * Long enough for any connect that will succeed (a LAN or compose network
 * answers in milliseconds; a SYN lost once is sent again after 1 s), short
 * enough that a request whose first instance hangs still has most of
 * API_TIMEOUT_MS's default 5000 ms for the next.
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 1000;

/**
 * API_CONNECT_TIMEOUT_MS, or its default: 1000 ms, or half of API_TIMEOUT_MS
 * when that is shorter, so the next instance is always left time to answer.
 * Set at or above API_TIMEOUT_MS it could never act (the request's own
 * deadline comes first), so it is refused rather than silently ignored.
 */
function connectTimeoutOf(declared: number | undefined, apiTimeoutMs: number): number {
  if (declared === undefined) return Math.min(DEFAULT_CONNECT_TIMEOUT_MS, Math.floor(apiTimeoutMs / 2));
  if (declared >= apiTimeoutMs) {
    throw new ConfigError('web', [
      `API_CONNECT_TIMEOUT_MS: ${declared} no es menor que API_TIMEOUT_MS (${apiTimeoutMs}): la espera de la petición entera vencería antes y nunca se probaría otra instancia de citas. Déjelo sin definir o póngalo por debajo (p. ej. ${DEFAULT_CONNECT_TIMEOUT_MS}).`,
    ]);
  }
  return declared;
}

/**
 * The settings naming a port the page or the web's calls can never reach
 * (fetch-blocked-ports.ts): the web would start, and every call would be
 * "no responde", or the browser would not open the page.
 */
function blockedPorts(e: { WEB_PORT: number; ADMIN_URL: string; CITAS_URL: string[] }): string[] {
  const what = (port: number) =>
    `el puerto ${port} es de los que los navegadores y fetch se niegan a llamar (lista de puertos bloqueados del estándar Fetch): nada llegaría por él. Elija otro puerto para ese servicio.`;
  const problems: string[] = [];
  if (FETCH_BLOCKED_PORTS.has(e.WEB_PORT)) problems.push(`WEB_PORT: ${what(e.WEB_PORT)}`);
  for (const [name, urls] of [['ADMIN_URL', [e.ADMIN_URL]], ['CITAS_URL', e.CITAS_URL]] as const) {
    for (const url of urls) {
      const port = portOfUrl(url);
      if (FETCH_BLOCKED_PORTS.has(port)) problems.push(`${name}: ${url}: ${what(port)}`);
    }
  }
  return problems;
}

/** Reads the web service's settings from the environment; fails with one clear message listing what is wrong. */
export function loadWebConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const e = parseEnv('web', webEnv, env);
  const production = e.NODE_ENV === 'production';
  const unreachable = blockedPorts(e);
  if (unreachable.length) throw new ConfigError('web', unreachable);
  if (production && e.SESSION_SECRET === DEFAULT_SESSION_SECRET) {
    throw new ConfigError('web', [
      'SESSION_SECRET: con NODE_ENV=production sigue con su valor de desarrollo. Defina un secreto propio (32 caracteres o más) antes de arrancar en producción.',
    ]);
  }
  const httpsOrigin = e.WEB_PUBLIC_ORIGIN?.startsWith('https:') ?? false;
  if (httpsOrigin && e.SESSION_COOKIE_SECURE === false) {
    throw new ConfigError('web', [
      'SESSION_COOKIE_SECURE: false con WEB_PUBLIC_ORIGIN en https: la cookie de sesión viajaría también por http. Quítelo (se activa solo) o póngalo a true.',
    ]);
  }
  return {
    production,
    port: e.WEB_PORT,
    host: e.WEB_HOST,
    adminUrl: noSlash(e.ADMIN_URL),
    citasUrls: e.CITAS_URL.map(noSlash),
    clinicTimeZone: e.CLINIC_TIME_ZONE,
    reservaSecretaria: e.RESERVA_SECRETARIA,
    session: { secret: e.SESSION_SECRET, cookieSecure: e.SESSION_COOKIE_SECURE ?? httpsOrigin },
    // In the form a browser sends Origin (lower case, no default port, no slash), which same-origin.ts compares it with.
    publicOrigin: e.WEB_PUBLIC_ORIGIN ? new URL(e.WEB_PUBLIC_ORIGIN).origin : undefined,
    allowedHosts: allowedHostsOf(e.WEB_PUBLIC_ORIGIN, e.WEB_ALLOWED_HOSTS ?? []),
    pageDir: resolve(e.WEB_PAGE_DIR),
    apiTimeoutMs: e.API_TIMEOUT_MS,
    apiConnectTimeoutMs: connectTimeoutOf(e.API_CONNECT_TIMEOUT_MS, e.API_TIMEOUT_MS),
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    server: serverLimitsOf('web', e),
  };
}
