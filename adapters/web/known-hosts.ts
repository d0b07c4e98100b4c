import type { NextFunction, Request, Response } from 'express';
import { canonicalHost } from '../config/env';
import { HttpError } from '../http/problem';

/** host, host:port, [v6] or [v6]:port: the authority of a Host header, nothing else (no user@, no path). */
const AUTHORITY = /^(\[[0-9A-Fa-f:.]+\]|[^\s:@/?#[\]]+)(?::\d{1,5})?$/;

/** The host a Host header names, in canonicalHost's form; undefined when there is none or it is not one. */
function hostOf(header: string | undefined): string | undefined {
  const m = header === undefined ? null : AUTHORITY.exec(header);
  return m ? canonicalHost(m[1]) : undefined;
}

/**
 * Answers only requests addressed to one of `allowed` (WebConfig.allowedHosts,
 * which says why each is there), whatever the port: a DNS-rebinding page
 * arrives under its own name and is refused before anything (the page, the
 * login, the relay) sees it. The port is left out because the published one
 * (compose's WEB_HOST_PORT) need not be the one the web listens on. Refused
 * with 421 (this server does not serve that name) and one warning line,
 * with the request id and the Host as sent, never cookies or bodies.
 */
export function knownHostsOnly(allowed: readonly string[]) {
  const hosts = new Set(allowed);
  return (req: Request, _res: Response, next: NextFunction) => {
    const host = hostOf(req.headers.host);
    if (host !== undefined && hosts.has(host)) {
      next();
      return;
    }
    const sent = req.headers.host?.slice(0, 200);
    req.log.warn({ host: sent ?? null }, 'petición rechazada: el servicio web no atiende a ese nombre (cabecera Host); si es una dirección legítima de la clínica, declárela en WEB_ALLOWED_HOSTS');
    next(
      new HttpError(
        'HOST_NO_PERMITIDO',
        sent === undefined
          ? 'La petición no dice a qué servidor va (falta la cabecera Host).'
          : `Este servicio no atiende al nombre ${JSON.stringify(sent)}. Si es una dirección de la clínica, quien lo administra debe declararla en WEB_ALLOWED_HOSTS.`,
      ),
    );
  };
}
