import { randomUUID } from 'node:crypto';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from './logger';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The request id (X-Request-Id), on every log line of the request. */
      id: string;
      /** A logger whose lines carry the request id (made the first time something logs through it). */
      log: Logger;
    }
  }
}

/** What is told of every request when it ends (HttpMetrics in metrics.ts; the bench's on/off switch). */
export interface ResponseObserver {
  observe(req: Request, res: Response, seconds: number): void;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Probes and scrapes hit these every few seconds; a log line each would drown the real traffic. */
const QUIET = new Set(['/health', '/ready', '/metrics']);

/**
 * Request ids and the request log, the same for admin, citas and the web
 * front desk, so one action can be followed across the three logs (the web
 * service passes `req.id` on to admin and citas as X-Request-Id, citas
 * passes it on to admin in what it asks for that request, and each logs it
 * as theirs). Every request gets an id (the caller's
 * X-Request-Id when it is a sane one, else a new UUID), sent back in
 * X-Request-Id, and one JSON line when it ends:
 *   {"reqId","req":{"id","method","path"},"res":{"status"},"ms","msg":"GET /citas 200"}
 * at `error` level for a 5xx (the error itself is logged once, summarised,
 * by the error handler), `info` otherwise. No headers, no query string, no
 * body: nothing of the caller's credentials or data.
 *
 * The same line pino-http wrote, without what it did per request to write
 * it: three child loggers (bindings serialised each time), two arrays and
 * three listeners, which made it the largest cost of a read after the
 * socket write (BENCHMARKS.md). `req.log` is still there for the error
 * handler and bulk routes: a child with the request id, made on first use.
 * The same 'close' listener tells `metrics` (GET /metrics) about every
 * request, probes included, so recording adds no listener of its own; a
 * service without /metrics (web) passes none.
 */
export function requestLog(app: Express, logger: Logger, metrics?: ResponseObserver): RequestHandler {
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: Request) {
      const child = logger.child({ reqId: this.id });
      Object.defineProperty(this, 'log', { value: child, configurable: true, writable: true });
      return child;
    },
  });
  // The line's fields are made here from the method, path, status, time and
  // id: nothing in them to redact. The service logger's redaction (logger.ts)
  // wraps every line it writes and doubled the line's cost (5.6 -> 3.0 µs).
  const lines = logger.child({}, { redact: [] });
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const quiet = QUIET.has(req.url);
    const started = performance.now();
    res.once('close', () => {
      const ms = performance.now() - started;
      metrics?.observe(req, res, ms / 1000);
      if (quiet) return;
      const path = req.originalUrl.split('?')[0];
      const status = res.statusCode;
      const fields = { reqId: id, req: { id, method: req.method, path }, res: { status }, ms: Math.round(ms) };
      const msg = `${req.method} ${path} ${status}${res.writableFinished ? '' : ' (cortada antes de responder)'}`;
      if (status >= 500) lines.error(fields, msg);
      else lines.info(fields, msg);
    });
    next();
  };
}
