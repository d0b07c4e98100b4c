import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { DependencyUnavailableError } from '../../core/domain/errors';
import { problemHandler } from '../http/error-handler';
import { HttpError, toProblem, sendProblem } from '../http/problem';
import type { Logger } from '../http/logger';
import { refuseDeepJson } from '../http/json-depth';
import { requestLog } from '../http/request-log';
import { trustProxies } from '../http/trusted-proxies';
import type { TrustProxy } from '../config/env';
import { knownHostsOnly } from './known-hosts';
import { sameOriginOnly } from './same-origin';
import type { Upstream } from './upstream';
import { webRoutes, type WebRoutesDeps } from './web-routes';

export interface WebAppOptions extends WebRoutesDeps {
  logger: Logger;
  /** The compiled page: index.html, styles.css, js/*.js (npm run build:page). */
  pageDir: string;
  /** The address the browser uses, when a proxy in front changes scheme or host (WEB_PUBLIC_ORIGIN). */
  publicOrigin?: string;
  /** The Host names answered (WebConfig.allowedHosts); every other one gets 421. */
  allowedHosts: readonly string[];
  /** Which X-Forwarded-For hops to believe for the browser's address (TRUST_PROXY). */
  trustProxy?: TrustProxy;
}

/**
 * The content security policy of every answer: scripts, styles, images and
 * fetches from this origin only; no inline script or style, no eval, no
 * frames, no plugins, forms post only here. (`upgrade-insecure-requests` is
 * left out: on plain http://127.0.0.1 it would turn every request into an
 * https one that nothing answers.)
 */
const CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    manifestSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    objectSrc: ["'none'"],
  },
};

/**
 * The web service: the clinic's page (static files) and /api, which holds
 * the session in a cookie and calls admin and citas on the person's behalf.
 * Every failure of /api is problem JSON, like the APIs' own.
 */
export function createWebApp(opts: WebAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('case sensitive routing', true);
  trustProxies(app, opts.trustProxy ?? false, opts.logger);
  app.set('etag', 'strong');

  app.use(requestLog(app, opts.logger));
  app.use(helmet({ contentSecurityPolicy: CSP, strictTransportSecurity: false }));
  app.use(knownHostsOnly(opts.allowedHosts));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const checks: Record<string, string> = {};
    const failed: string[] = [];
    const probe = async (name: string, check: () => Promise<void> | void) => {
      try {
        await check();
        checks[name] = 'ok';
      } catch {
        failed.push(name);
      }
    };
    await probe('pagina', () => {
      if (!existsSync(join(opts.pageDir, 'index.html'))) throw new Error('no page');
    });
    await Promise.all([opts.admin, opts.citas].map((u: Upstream) => probe(u.name, () => u.ping())));
    if (failed.length === 0) {
      res.json({ status: 'ok', checks });
      return;
    }
    sendProblem(res, toProblem(new DependencyUnavailableError(`No disponible: ${failed.join(', ')}.`)));
  });

  app.use('/api', (_req: Request, res: Response, next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', sameOriginOnly(opts.publicOrigin));
  app.use('/api', (req: Request, _res: Response, next: NextFunction) => {
    const length = req.headers['content-length'];
    const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    if (hasBody && !req.is('application/json')) {
      next(new HttpError('TIPO_NO_SOPORTADO', 'El cuerpo debe ser JSON (Content-Type: application/json).'));
      return;
    }
    next();
  });
  app.use('/api', express.json({ limit: '100kb', strict: true, type: 'application/json', verify: refuseDeepJson }));
  app.use('/api', webRoutes(opts));

  // The page: index.html at /, its scripts and styles; revalidated on every load (ETag), so a new build shows at once.
  app.use(
    express.static(opts.pageDir, {
      index: 'index.html',
      fallthrough: true,
      redirect: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new HttpError('RUTA_NO_ENCONTRADA', `No existe ${req.method} ${req.path}.`));
  });

  app.use(problemHandler());
  return app;
}
