import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from './logger';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * One JSON log line per request with its request id (the caller's
 * X-Request-Id when it is sane, else a new one, echoed back): the same for
 * admin, citas and the web service, so one action can be followed across
 * the three logs.
 */
export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (req) => ({ id: req.id, method: req.method, path: String(req.url).split('?')[0] }),
      res: (res) => ({ status: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${String(req.url).split('?')[0]} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${String(req.url).split('?')[0]} ${res.statusCode}`,
    customAttributeKeys: { responseTime: 'ms' },
    // Probes hit these every few seconds; a log line each would drown the real traffic.
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' },
    // The error itself is logged once, summarised, by the app's error handler.
    customProps: () => ({}),
    wrapSerializers: false,
    quietReqLogger: true,
  });
}
