import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * One JSON line per event. Credentials never reach a log line: the
 * Authorization header and anything called password or token are redacted.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: service,
    level,
    redact: {
      paths: ['req.headers.authorization', '*.password', '*.access_token', '*.token', 'password', 'token'],
      censor: '[oculto]',
    },
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** What may be logged of an unexpected error: its kind, never its message, SQL or stack. */
export function errorSummary(err: unknown): { errorType: string; errorCode?: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { errorType: err.name || err.constructor.name, errorCode: typeof code === 'string' ? code : undefined };
  }
  return { errorType: typeof err };
}
