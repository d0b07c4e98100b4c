import pino, { type Logger } from 'pino';

export type { Logger };

/** Beyond this much unwritten log, lines are dropped rather than the service stalled or its memory grown without end. */
const MAX_BUFFERED_LOG_BYTES = 16 * 1024 * 1024;
let stdout: pino.DestinationStream | undefined;

/**
 * stdout through one asynchronous buffered writer per process. A synchronous
 * write per line puts a syscall inside every request (1.3 µs of the 3.6 µs
 * a request line costs the main thread, BENCHMARKS.md), and if whoever reads
 * stdout stops reading (a stuck log shipper) the synchronous writer meets a
 * full non-blocking pipe and sleeps 100 ms per retry with the whole event
 * loop stopped (sonic-boom's EAGAIN path). Asynchronous, the write happens
 * off the request, lines written meanwhile go out together, and a full pipe
 * only grows the buffer (bounded above); pino flushes what is left when the
 * process exits. What a SIGKILL can lose is the last lines not yet written.
 */
function stdoutDestination(): pino.DestinationStream {
  stdout ??= pino.destination({ dest: 1, sync: false, maxLength: MAX_BUFFERED_LOG_BYTES });
  return stdout;
}

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
  }, level === 'silent' ? undefined : stdoutDestination());
}

/** What may be logged of an unexpected error: its kind, never its message, SQL or stack. */
export function errorSummary(err: unknown): { errorType: string; errorCode?: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { errorType: err.name || err.constructor.name, errorCode: typeof code === 'string' ? code : undefined };
  }
  return { errorType: typeof err };
}
