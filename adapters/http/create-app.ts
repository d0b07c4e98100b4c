import express, { type NextFunction, type Request, type Response } from 'express';
import swaggerUi from 'swagger-ui-express';
import { errorSummary, type Logger } from './logger';
import { requestLog } from './request-log';
import { securityHeaders } from './security-headers';
import type { HttpMetrics } from './metrics';
import { HttpError, sendProblem, toProblem } from './problem';
import { type ApiInfo, buildOpenApi } from './openapi';
import { mountRoutes, pathMatcher, type RouteSpec } from './route';
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
  /** express body-parser limit, e.g. '1mb' */
  bodyLimit: string;
  /** Whether to trust X-Forwarded-For (behind a reverse proxy) for the client address. */
  trustProxy?: boolean;
  /** GET /metrics and the recording of every response (adapters/http/metrics.ts). */
  metrics?: HttpMetrics;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

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
  app.set('trust proxy', opts.trustProxy ?? false);
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
  app.use(express.json({ limit: opts.bodyLimit, strict: true, type: 'application/json' }));

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

  const document = buildOpenApi(opts.info, opts.routes);
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
  mountRoutes(router, opts.routes, opts.auth);
  app.use(router);

  app.use((req: Request, _res: Response, next: NextFunction) => {
    const allowed = allowedOn(req.path);
    if (allowed.length > 0) {
      next(new HttpError('METODO_NO_PERMITIDO', `El método ${req.method} no está permitido en ${req.path}. Use ${allowed.join(', ')}.`, [], { Allow: allowed.join(', ') }));
      return;
    }
    next(new HttpError('RUTA_NO_ENCONTRADA', `No existe la ruta ${req.method} ${req.path}.`));
  });

  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = toProblem(fromBodyParser(err));
    if (problem.unexpected) req.log.error({ ...errorSummary(err), requestId: req.id }, 'unexpected error');
    if (res.headersSent) {
      res.end();
      return;
    }
    sendProblem(res, problem);
  });

  return app;
}

/** body-parser's own failures, turned into the contract's 400 / 413 / 415. */
function fromBodyParser(err: unknown): unknown {
  const type = (err as { type?: unknown })?.type;
  switch (type) {
    case 'entity.parse.failed':
      return new HttpError('JSON_MALFORMADO', 'El cuerpo no es JSON válido.');
    case 'entity.too.large':
      return new HttpError('CUERPO_DEMASIADO_GRANDE', 'El cuerpo supera el tamaño máximo permitido.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError('TIPO_NO_SOPORTADO', 'Codificación del cuerpo no soportada; use UTF-8.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new HttpError('JSON_MALFORMADO', 'El cuerpo de la petición llegó incompleto.');
    default:
      return err;
  }
}
