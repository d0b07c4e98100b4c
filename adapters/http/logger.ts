import pino, { type Logger } from 'pino';

export type { Logger };

/** Beyond this much unwritten log, lines are dropped rather than the service stalled or its memory grown without end. */
const MAX_BUFFERED_LOG_BYTES = 16 * 1024 * 1024;
let stdout: pino.DestinationStream | undefined;

/**
 * stdout through one asynchronous buffered writer per process. A synchronous
 * write per line puts a syscall inside every request, and if whoever reads
 * stdout stops reading (a stuck log shipper) the synchronous writer meets a
 * full non-blocking pipe and sleeps 100 ms per retry with the whole event
 * loop stopped (sonic-boom's EAGAIN path). Here lines are written off the
 * request, 4 KB at a time (about 15 request lines per write; at most a
 * second later when traffic is low), and a full pipe only grows the buffer
 * (bounded above); pino flushes what is left when the process exits. The log
 * layer of a read went from 27 to 17 µs (BENCHMARKS.md). What a SIGKILL can
 * lose is the last second of lines.
 */
function stdoutDestination(): pino.DestinationStream {
  stdout ??= pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000, maxLength: MAX_BUFFERED_LOG_BYTES });
  return stdout;
}

/**
 * One JSON line per event. Credentials never reach a log line: the
 * Authorization header and anything called password or token are redacted.
 * Lines go to stdout unless a `destination` is given (tests read them).
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  return pino({
    name: service,
    level,
    redact: {
      paths: ['req.headers.authorization', '*.password', '*.access_token', '*.token', 'password', 'token'],
      censor: '[oculto]',
    },
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
  }, destination ?? (level === 'silent' ? undefined : stdoutDestination()));
}

/** What may be logged of an unexpected error: its kind, never its message, SQL or stack. */
export function errorSummary(err: unknown): { errorType: string; errorCode?: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { errorType: err.name || err.constructor.name, errorCode: typeof code === 'string' ? code : undefined };
  }
  return { errorType: typeof err };
}
