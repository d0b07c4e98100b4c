import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * helmet's security headers (its defaults: CSP, HSTS, nosniff, frame
 * options...), worked out ONCE by running helmet against a recording
 * response at start-up, then set on every response in one loop: the same
 * headers with the same values (a test holds them to helmet's), without the
 * chain of twelve middlewares helmet runs per request (about 8 µs of a
 * 130 µs read, BENCHMARKS.md). Helmet's defaults read nothing of the request,
 * so one recording is every response's.
 */
export function securityHeaders(): RequestHandler {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => set.push([name, String(value)]),
    removeHeader: (name: string) => removed.push(name),
  };
  let ran = false;
  helmet()({} as Request, recorder as unknown as Response, () => {
    ran = true;
  });
  if (!ran) throw new Error('helmet did not finish synchronously: its headers cannot be worked out once');
  return (_req: Request, res: Response, next: NextFunction) => {
    for (let i = 0; i < set.length; i++) res.setHeader(set[i][0], set[i][1]);
    for (let i = 0; i < removed.length; i++) res.removeHeader(removed[i]);
    next();
  };
}
