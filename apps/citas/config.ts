import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseJornada } from '../../core/domain/schedule';
import { commonEnv, byteSize, flag, httpUrl, int, parseEnv, port, text, timeZone, serverLimitsOf, type ServerLimits, type TrustProxy } from '../../adapters/config/env';

/** The error loadCitasConfig throws (the one every service's loader throws). */
export { ConfigError } from '../../adapters/config/env';

/**
 * Everything the citas service reads from its environment, parsed once at
 * start-up. A bad value stops the service with a message naming the variable,
 * instead of failing later on the first request.
 */
export interface CitasConfig {
  port: number;
  host: string;
  dataDir: string;
  /** The SQLite file, used when `postgres` is not set. */
  databaseFile: string;
  /** CITAS_DATABASE_URL: PostgreSQL instead of the SQLite file; this process opens at most `maxConnections`. */
  postgres?: { url: string; maxConnections: number };
  adminUrl: string;
  clinicTimeZone: string;
  /** Working day for doctors without a schedule: "09:00-14:00,16:00-20:00" (Monday to Friday). */
  jornada: string;
  maxCitasFuturas: number;
  /** RESERVA_SECRETARIA: a secretaria may book citas for any patient, like an admin (access.ts decides with it). */
  reservaSecretaria: boolean;
  notifyWebhookUrl?: string;
  reminderHoursBefore: number;
  jwt: { issuer: string; audience: string };
  /** How citas talks to admin (docs/adr/0004-booking-transactions.md). */
  admin: {
    timeoutMs: number;
    retries: number;
    retryInitialDelayMs: number;
    breakerThreshold: number;
    halfOpenAfterMs: number;
    readyTimeoutMs: number;
  };
  jwks: { ttlMs: number; unknownKidRefetchMs: number };
  /**
   * Live account check (admin still accepts the token): how long one answer is
   * reused (0 = never ask, tokens live until they expire), and how long a past
   * confirmation still admits the token while admin is unreachable.
   */
  session: { ttlMs: number; outageGraceMs: number };
  /** Run the outbox delivery worker in this process (tests may turn it off). */
  workers: boolean;
  /** Pause between notification delivery rounds when there was nothing more to send. */
  notifyPollMs: number;
  bodyLimit: string;
  trustProxy: TrustProxy;
  /** Timeouts and connection cap of the HTTP server. */
  server: ServerLimits;
  logLevel: string;
  /** SIGTERM: how long in-flight requests may take before the process gives up on them. */
  shutdownTimeoutMs: number;
}

/** JORNADA must be what the agenda can use: the domain's own parser decides, with its message. */
function jornadaProblem(jornada: string): string | undefined {
  try {
    parseJornada(jornada);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Every variable the citas service reads (README.md, "Configuration", lists them all). */
export const citasEnv = z.object({
  CITAS_PORT: port().default(5002),
  CITAS_DATABASE_URL: text()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'debe ser una URL postgres://usuario:clave@host:puerto/base')
    .optional(),
  CITAS_DATABASE_POOL: int(1, 1000).default(10),
  CITAS_HOST: text().default('0.0.0.0'),
  ADMIN_URL: httpUrl().default('http://127.0.0.1:5001'),
  CLINIC_TIME_ZONE: timeZone().default('Europe/Madrid'),
  JORNADA: text()
    .default('09:00-14:00,16:00-20:00')
    .superRefine((v, ctx) => {
      const problem = jornadaProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  MAX_CITAS_FUTURAS: int(1, 1000).default(5),
  RESERVA_SECRETARIA: flag().default(false),
  NOTIFY_WEBHOOK_URL: httpUrl().optional(),
  REMINDER_HOURS_BEFORE: int(1, 24 * 30).default(24),
  ADMIN_TIMEOUT_MS: int(50, 60_000).default(2000),
  ADMIN_RETRIES: int(0, 5).default(2),
  ADMIN_RETRY_DELAY_MS: int(1, 10_000).default(100),
  ADMIN_BREAKER_THRESHOLD: int(1, 1000).default(5),
  ADMIN_BREAKER_HALF_OPEN_MS: int(100, 600_000).default(5000),
  ADMIN_READY_TIMEOUT_MS: int(50, 60_000).default(1000),
  JWKS_TTL_SECONDS: int(1, 86_400).default(600),
  JWKS_REFETCH_SECONDS: int(0, 3600).default(30),
  SESSION_CHECK_SECONDS: int(0, 3600).default(30),
  SESSION_OUTAGE_GRACE_SECONDS: int(0, 86_400).default(900),
  CITAS_WORKERS: flag().default(true),
  NOTIFY_POLL_MS: int(100, 3_600_000).default(5000),
  BODY_LIMIT: byteSize().default('100kb'),
  SHUTDOWN_TIMEOUT_MS: int(0, 120_000).default(10_000),
  ...commonEnv, // DATA_DIR, JWT_ISSUER, JWT_AUDIENCE, TRUST_PROXY, LOG_LEVEL, HTTP_*
});

export function loadCitasConfig(env: NodeJS.ProcessEnv = process.env): CitasConfig {
  const e = parseEnv('citas', citasEnv, env);
  const dataDir = resolve(e.DATA_DIR);
  return {
    port: e.CITAS_PORT,
    host: e.CITAS_HOST,
    dataDir,
    databaseFile: join(dataDir, 'citas.db'),
    postgres: e.CITAS_DATABASE_URL ? { url: e.CITAS_DATABASE_URL, maxConnections: e.CITAS_DATABASE_POOL } : undefined,
    adminUrl: e.ADMIN_URL.replace(/\/+$/, ''),
    clinicTimeZone: e.CLINIC_TIME_ZONE,
    jornada: e.JORNADA.replace(/\s+/g, ''),
    maxCitasFuturas: e.MAX_CITAS_FUTURAS,
    reservaSecretaria: e.RESERVA_SECRETARIA,
    notifyWebhookUrl: e.NOTIFY_WEBHOOK_URL,
    reminderHoursBefore: e.REMINDER_HOURS_BEFORE,
    jwt: { issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    admin: {
      timeoutMs: e.ADMIN_TIMEOUT_MS,
      retries: e.ADMIN_RETRIES,
      retryInitialDelayMs: e.ADMIN_RETRY_DELAY_MS,
      breakerThreshold: e.ADMIN_BREAKER_THRESHOLD,
      halfOpenAfterMs: e.ADMIN_BREAKER_HALF_OPEN_MS,
      readyTimeoutMs: e.ADMIN_READY_TIMEOUT_MS,
    },
    jwks: { ttlMs: e.JWKS_TTL_SECONDS * 1000, unknownKidRefetchMs: e.JWKS_REFETCH_SECONDS * 1000 },
    session: { ttlMs: e.SESSION_CHECK_SECONDS * 1000, outageGraceMs: e.SESSION_OUTAGE_GRACE_SECONDS * 1000 },
    workers: e.CITAS_WORKERS,
    notifyPollMs: e.NOTIFY_POLL_MS,
    bodyLimit: e.BODY_LIMIT,
    trustProxy: e.TRUST_PROXY,
    server: serverLimitsOf('citas', e),
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}
