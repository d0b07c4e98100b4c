import express, { type NextFunction, type Request, type Response } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { Logger } from './logger';
import type { HttpMetrics } from './metrics';
import { requestLog } from './request-log';
import { securityHeaders } from './security-headers';
import { trustProxies } from './trusted-proxies';
import type { TrustProxy } from '../config/env';
import { HttpError, sendProblem, toProblem } from './problem';
import { type ApiInfo, buildOpenApi } from './openapi';
import { refuseDeepJson } from './json-depth';
import { type BodyReader, type BodySize, mountRoutes, pathMatcher, type RouteSpec } from './route';
import { hasBody, problemHandler } from './error-handler';
import type { Authenticator } from './auth';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void> | void;
}

export interface HttpAppOptions {
  info: ApiInfo;
  logger: Logger;
  routes: RouteSpec[];
  auth: Authenticator;
  readiness: ReadinessCheck[];
  /**
   * Largest JSON body, as express reads sizes ('100kb'), of an authenticated
   * route (BODY_LIMIT) and of a /lote route (BULK_BODY_LIMIT, admin only).
   * Public routes and routes without a body read at most SMALL_BODY_LIMIT.
   */
  bodyLimits: { normal: string; bulk?: string };
  /** Which X-Forwarded-For hops to believe for the client address: none, a hop count, or the proxies' addresses and names. */
  trustProxy?: TrustProxy;
  /** GET /metrics and the recording of every response (adapters/http/metrics.ts). */
  metrics?: HttpMetrics;
}

/** The contract's limit for POST /auth/login and /auth/password, and for any route a client reaches without a token. */
export const SMALL_BODY_LIMIT = '4kb';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The HTTP shell both services share: request ids and logs, security
 * headers, JSON-only bodies with a size limit, health/ready/openapi/docs,
 * declared routes, and problem JSON for every failure (unknown route, 405,
 * malformed body, 500 without detail).
 */
export function createHttpApp(opts: HttpAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Routes are exact: /ADMIN/USUARIO is not an alias of /admin/usuario that a path rule in a proxy would miss.
  app.set('case sensitive routing', true);
  trustProxies(app, opts.trustProxy ?? false, opts.logger);
  app.set('etag', false);
  opts.metrics?.mount(app);

  app.use(requestLog(app, opts.logger, opts.metrics));
  app.use(securityHeaders());

  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (BODY_METHODS.has(req.method) && hasBody(req) && !req.is('application/json')) {
      next(new HttpError('TIPO_NO_SOPORTADO', 'El cuerpo debe ser JSON (Content-Type: application/json).'));
      return;
    }
    next();
  });

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const failed: string[] = [];
    for (const { name, check } of opts.readiness) {
      try {
        await check();
      } catch {
        failed.push(name);
      }
    }
    if (failed.length === 0) {
      res.json({ status: 'ok', checks: Object.fromEntries(opts.readiness.map((r) => [r.name, 'ok'])) });
      return;
    }
    const problem = toProblem(new HttpError('ERROR_INTERNO', ''));
    sendProblem(res, {
      ...problem,
      status: 503,
      headers: { 'Retry-After': '5' },
      body: {
        ...problem.body,
        status: 503,
        code: 'SERVICIO_NO_DISPONIBLE',
        title: 'Servicio no disponible',
        type: 'urn:odontocare:problema:servicio-no-disponible',
        detail: `No disponible: ${failed.join(', ')}.`,
      },
    });
  });

  const document = buildOpenApi(opts.info, opts.routes, { metrics: opts.metrics !== undefined });
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(document as swaggerUi.JsonObject, { customSiteTitle: opts.info.title }));

  const matchers = opts.routes.map((r) => ({ method: r.method.toUpperCase(), match: pathMatcher(r.path) }));
  const allowedOn = (path: string) => matchers.filter((m) => m.match.test(path)).map((m) => m.method);
  // Express would answer OPTIONS itself in text/plain; answer it here instead.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const allowed = req.method === 'OPTIONS' ? allowedOn(req.path) : [];
    if (allowed.length === 0) {
      next();
      return;
    }
    res.status(204).set('Allow', ['OPTIONS', ...allowed].join(', ')).end();
  });

  const router = express.Router({ caseSensitive: true });
  mountRoutes(router, opts.routes, opts.auth, bodyReader(opts.bodyLimits, opts.routes));
  app.use(router);

  app.use((req: Request, _res: Response, next: NextFunction) => {
    const allowed = allowedOn(req.path);
    if (allowed.length > 0) {
      next(new HttpError('METODO_NO_PERMITIDO', `El método ${req.method} no está permitido en ${req.path}. Use ${allowed.join(', ')}.`, [], { Allow: allowed.join(', ') }));
      return;
    }
    next(new HttpError('RUTA_NO_ENCONTRADA', `No existe la ruta ${req.method} ${req.path}.`));
  });

  app.use(problemHandler());

  return app;
}

/**
 * One JSON body parser per size class, each refusing deep nesting before
 * JSON.parse runs (body-parser's `verify` sees the raw bytes first). A body
 * is read only when the route asks, after its token was checked.
 */
function bodyReader(limits: HttpAppOptions['bodyLimits'], routes: RouteSpec[]): BodyReader {
  const parser = (limit: string) => express.json({ limit, strict: true, type: 'application/json', verify: refuseDeepJson });
  const bulk = limits.bulk;
  if (!bulk && routes.some((r) => r.bodySize === 'bulk')) throw new Error('a route takes bulk bodies but no bulk body limit is configured');
  const parsers: Record<BodySize, express.RequestHandler> = {
    small: parser(SMALL_BODY_LIMIT),
    normal: parser(limits.normal),
    bulk: parser(bulk ?? SMALL_BODY_LIMIT),
  };
  return (req, res, size) =>
    new Promise<void>((resolve, reject) => {
      parsers[size](req, res, (err?: unknown) => (err ? reject(err) : resolve()));
    });
}

