import type { NextFunction, Request, Response } from 'express';
import { fromFramework } from './framework-errors';
import { errorSummary } from './logger';
import { sendProblem, toProblem } from './problem';

/** Whether the request announces a body (a length other than 0, or chunked). */
export function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The last middleware of every service (admin, citas, web): anything thrown
 * becomes the problem JSON of problem.ts; an unexpected error is logged once,
 * by type only, with the request id, and so is why a 503 was answered.
 */
export function problemHandler() {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = toProblem(fromFramework(err));
    if (problem.unexpected) req.log.error({ ...errorSummary(err), requestId: req.id }, 'unexpected error');
    // A 503's reason was in its body only: the log could not tell an admin outage from a locked database. Said once,
    // in the body's words (fixed texts, no one's data) with the kind of failure underneath, never the driver's message.
    else if (problem.status === 503) req.log.warn({ code: problem.body.code, ...errorSummary((err as { cause?: unknown }).cause ?? err) }, problem.body.detail);
    if (res.headersSent) {
      res.end();
      return;
    }
    // A body refused before it was read (no token, too large) is not read afterwards either: Node would drain it to keep the connection.
    if (hasBody(req) && !req.readableEnded) res.set('Connection', 'close');
    sendProblem(res, problem);
  };
}
