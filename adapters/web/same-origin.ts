import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError } from '../../core/domain/errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard for the cookie session: an unsafe method
 * (POST, PUT, PATCH, DELETE) must say it comes from this application's own
 * origin. Browsers send Origin on every such request and a page elsewhere
 * cannot forge it; SameSite=Strict already keeps the cookie off cross-site
 * requests, this is the second lock. The own origin is the one the request
 * was addressed to (scheme + Host), plus WEB_PUBLIC_ORIGIN when a proxy in
 * front changes either. Fetch metadata, when the browser sends it, must say
 * same-origin too. The Host itself is trusted only because knownHostsOnly
 * (known-hosts.ts) has already refused names the web does not serve: a
 * DNS-rebinding page is same-origin with itself, and would pass here.
 */
export function sameOriginOnly(publicOrigin?: string) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const origin = req.headers.origin;
    const own = `${req.protocol}://${req.headers.host ?? ''}`;
    const site = req.headers['sec-fetch-site'];
    const allowed = origin !== undefined && (origin === own || origin === publicOrigin) && (site === undefined || site === 'same-origin');
    if (!allowed) {
      next(new ForbiddenError('Petición rechazada: no procede de esta aplicación (cabecera Origin ausente o de otro origen).'));
      return;
    }
    next();
  };
}
