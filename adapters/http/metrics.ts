import type { Express, Request, RequestHandler, Response } from 'express';
import type { ResponseObserver } from './request-log';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** A response as the metrics see it: the route TEMPLATE (never the path, which carries ids), never who asked. */
export interface ResponseSeen {
  method: string;
  /** "/citas/:id", or UNMATCHED for a path no route serves. */
  route: string;
  status: number;
  /** The problem's `code` when the answer was a problem (problem.ts records it). */
  problemCode?: string;
  /** The answer repeats an earlier one (Idempotent-Replayed: a request sent again with its Idempotency-Key): nothing happened now. */
  replayed?: boolean;
}

// What is told of every request when it ends lives with the request log that tells it (the web service
// logs through request-log.ts without loading prom-client).
export type { ResponseObserver } from './request-log';

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

type Label = 'method' | 'route' | 'status';

/** The requests of one (method, route, status): a count, a sum of seconds and a count per latency bucket. */
interface Series {
  labels: Record<Label, string>;
  count: number;
  sum: number;
  /** Per bucket of BUCKETS_S, not cumulative; the last one counts what is above every bound. */
  buckets: number[];
}

const BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const REQUESTS = { name: 'http_requests_total', help: 'Respuestas dadas, por método, plantilla de ruta y estado HTTP.' };
const LATENCY = {
  name: 'http_request_duration_seconds',
  help: 'Tiempo desde que llega la petición hasta que se envía la respuesta, por método, plantilla de ruta y estado.',
};

/**
 * GET /metrics in Prometheus' text format, and the per-request recording
 * behind it: requests and their latency by method, route template and
 * status, Node's process metrics, and whatever the service registers. No
 * token, and nothing personal: labels are templates, methods, statuses and
 * problem codes only. One registry per app (tests build several apps in one
 * process).
 *
 * Recording is on the path of every request, so it rides on what the
 * request log already does per request (its start time and its one 'close'
 * listener: request-log.ts calls `observe`) and is a few additions to plain
 * numbers; prom-client's Counter and Histogram only READ those numbers when
 * /metrics is scraped. A listener of its own and prom-client's per-observation
 * label handling cost several µs per request (BENCHMARKS.md).
 */
export class HttpMetrics implements ResponseObserver {
  readonly registry = new Registry();
  private readonly series: Series[] = [];
  /** The series of each express Route object (one per mounted method and path), by method and status (seriesKey). */
  private readonly byRoute = new WeakMap<object, Map<number, Series>>();
  /** The same for requests no route served, by their mount path (/docs) or UNMATCHED. */
  private readonly byMount = new Map<string, Map<number, Series>>();
  constructor(private readonly options: HttpMetricsOptions = {}) {
    const series = this.series;
    this.registry.registerMetric(new RequestCount(series));
    this.registry.registerMetric(new RequestLatency(series));
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    options.register?.(this.registry);
  }

  /** GET /metrics on `app` (before every other route: a scrape is neither logged nor counted). */
  mount(app: Express): void {
    app.get('/metrics', this.serve);
  }

  /** GET /metrics. */
  readonly serve: RequestHandler = async (_req: Request, res: Response) => {
    const text = await this.registry.metrics();
    res.set('Content-Type', this.registry.contentType).set('Cache-Control', 'no-store').send(text);
  };

  /** One finished request (the request log calls this when the response closes). */
  observe(req: Request, res: Response, seconds: number): void {
    const status = res.statusCode;
    const key = seriesKey(req.method, status);
    const matched = req.route as { path: string } | undefined;
    let group = matched ? this.byRoute.get(matched) : this.byMount.get(req.baseUrl || UNMATCHED);
    if (!group) {
      group = new Map();
      if (matched) this.byRoute.set(matched, group);
      else this.byMount.set(req.baseUrl || UNMATCHED, group);
    }
    let s = group.get(key);
    if (!s) {
      const route = matched ? `${req.baseUrl}${matched.path}` : req.baseUrl || UNMATCHED;
      const method = METHODS.includes(req.method) ? req.method : 'OTRO';
      s = { labels: { method, route, status: String(status) }, count: 0, sum: 0, buckets: new Array<number>(BUCKETS_S.length + 1).fill(0) };
      group.set(key, s);
      this.series.push(s);
    }
    s.count++;
    s.sum += seconds;
    let b = 0;
    while (b < BUCKETS_S.length && seconds > BUCKETS_S[b]) b++;
    s.buckets[b]++;
    this.options.onResponse?.({
      method: req.method,
      route: s.labels.route,
      status,
      problemCode: (res.locals as { problemCode?: string } | undefined)?.problemCode,
      replayed: res.getHeader('Idempotent-Replayed') === 'true',
    });
  }
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** A number for (method, status): no string built per request. Methods outside the usual seven share one key (label OTRO). */
function seriesKey(method: string, status: number): number {
  const m = METHODS.indexOf(method);
  return status * 8 + (m < 0 ? 7 : m);
}

/** http_requests_total, read from the series at scrape time. */
class RequestCount extends Counter<Label> {
  constructor(private readonly series: Series[]) {
    super({ ...REQUESTS, labelNames: ['method', 'route', 'status'], registers: [] });
  }

  override async get() {
    const values = this.series.map((s) => ({ labels: s.labels, value: s.count }));
    return { ...REQUESTS, type: 'counter', aggregator: 'sum', values } as unknown as Awaited<ReturnType<Counter<Label>['get']>>;
  }
}

/** http_request_duration_seconds, read from the series at scrape time, in the shape prom-client prints histograms. */
class RequestLatency extends Histogram<Label> {
  constructor(private readonly series: Series[]) {
    super({ ...LATENCY, labelNames: ['method', 'route', 'status'], buckets: BUCKETS_S, registers: [] });
  }

  /** What the registry prints (prom-client's Histogram#get() splays the same values). */
  async getForPromString() {
    const values: { labels: Record<string, string | number>; sharedLabels: Record<Label, string>; value: number; metricName: string }[] = [];
    for (const s of this.series) {
      let cumulative = 0;
      BUCKETS_S.forEach((le, i) => {
        cumulative += s.buckets[i];
        values.push({ labels: { le }, sharedLabels: s.labels, value: cumulative, metricName: `${LATENCY.name}_bucket` });
      });
      values.push({ labels: { le: '+Inf' }, sharedLabels: s.labels, value: s.count, metricName: `${LATENCY.name}_bucket` });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${LATENCY.name}_sum` });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.count, metricName: `${LATENCY.name}_count` });
    }
    return { ...LATENCY, type: 'histogram', aggregator: 'sum', values };
  }
}
