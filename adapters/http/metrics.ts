import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** A response as the metrics see it: the route TEMPLATE (never the path, which carries ids), never who asked. */
export interface ResponseSeen {
  method: string;
  /** "/citas/:id", or UNMATCHED for a path no route serves. */
  route: string;
  status: number;
  /** The problem's `code` when the answer was a problem (problem.ts records it). */
  problemCode?: string;
}

/** The label of every request that matched no route: arbitrary paths must not become label values. */
export const UNMATCHED = '(sin ruta)';

export interface HttpMetricsOptions {
  /** Called once with the service's registry: register its own metrics there (gauges read at scrape time). */
  register?: (registry: Registry) => void;
  /** Called for every finished response (service counters such as bookings and conflicts). */
  onResponse?: (seen: ResponseSeen) => void;
  /** Node's process metrics (CPU, memory, event loop lag, GC); on by default. */
  processMetrics?: boolean;
}

const BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * GET /metrics in Prometheus' text format, and the per-request recording
 * behind it: requests and their latency by method, route template and
 * status, Node's process metrics, and whatever the service registers. No
 * token, and nothing personal: labels are templates, methods, statuses and
 * problem codes only. One registry per app (tests build several apps in one
 * process). Recording costs one timestamp and one closure per request and a
 * cached label lookup when it ends (the bench measures it, BENCHMARKS.md).
 */
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route' | 'status'>;
  private readonly children = new Map<string, { count: Counter.Internal; seconds: Histogram.Internal<'method' | 'route' | 'status'> }>();

  constructor(private readonly options: HttpMetricsOptions = {}) {
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'Respuestas dadas, por método, plantilla de ruta y estado HTTP.',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Tiempo desde que llega la petición hasta que se envía la respuesta, por método, plantilla de ruta y estado.',
      labelNames: ['method', 'route', 'status'],
      buckets: BUCKETS_S,
      registers: [this.registry],
    });
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    options.register?.(this.registry);
  }

  /** The recording middleware and GET /metrics, on `app`: the one line create-app.ts spends on metrics. */
  mount(app: Express): void {
    app.use(this.record);
    app.get('/metrics', this.serve);
  }

  private readonly record: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    res.once('finish', () => this.seen(req, res, (performance.now() - started) / 1000));
    next();
  };

  private readonly serve: RequestHandler = async (_req: Request, res: Response) => {
    const text = await this.registry.metrics();
    res.set('Content-Type', this.registry.contentType).set('Cache-Control', 'no-store').send(text);
  };

  private seen(req: Request, res: Response, seconds: number): void {
    const route = req.route ? `${req.baseUrl}${(req.route as { path: string }).path}` : req.baseUrl || UNMATCHED;
    const status = res.statusCode;
    const key = `${req.method} ${route} ${status}`;
    let child = this.children.get(key);
    if (!child) {
      const labels = [req.method, route, String(status)];
      child = { count: this.requests.labels(...labels), seconds: this.latency.labels(...labels) };
      this.children.set(key, child);
    }
    child.count.inc();
    child.seconds.observe(seconds);
    this.options.onResponse?.({ method: req.method, route, status, problemCode: (res.locals as { problemCode?: string }).problemCode });
  }
}
