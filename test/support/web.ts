/**
 * The web front desk in tests: the web service in-process on an ephemeral
 * port, pointed at admin and citas by URL only (as in production), and the
 * three together on one FixedClock.
 *
 *   const fd = await startFrontDesk();            // admin + citas + web
 *   const client = webClient(fd.web.url);          // a cookie-keeping HTTP client
 *   await client.login('admin', 'OdontoCare2026!');
 *   await fd.close();
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Clock } from '../../core/ports/clock';
import type { Logger } from '../../adapters/http/logger';
import { loadWebConfig, type WebConfig } from '../../apps/web/config';
import { startWeb } from '../../apps/web/main';
import { FixedClock } from '../fakes/fixed-clock';
import { startTestSystem, type TestSystem, type TestSystemOptions } from './citas';

const ROOT = resolve(__dirname, '..', '..');
export const PAGE_DIR = join(ROOT, 'dist', 'page');

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    const st = statSync(full);
    t = Math.max(t, st.isDirectory() ? newest(full) : st.mtimeMs);
  }
  return t;
}

/**
 * Builds the page (npm run build:page) when dist/page is missing or older
 * than its sources: `npm test` builds it first, a single test file run by
 * hand may find it stale.
 */
export function ensurePageBuilt(): string {
  const index = join(PAGE_DIR, 'index.html');
  const sources = join(ROOT, 'adapters', 'web', 'page');
  if (!existsSync(index) || newest(PAGE_DIR) < newest(sources)) {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-page.js')], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run build:page failed');
  }
  return PAGE_DIR;
}

export interface TestWeb {
  url: string;
  port: number;
  config: WebConfig;
  close(): Promise<void>;
}

export async function startTestWeb(adminUrl: string, citasUrl: string, env: Record<string, string> = {}, clock?: Clock, logger?: Logger): Promise<TestWeb> {
  const config = loadWebConfig({
    WEB_PORT: '0',
    WEB_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    WEB_PAGE_DIR: ensurePageBuilt(),
    ...env,
    ADMIN_URL: adminUrl,
    CITAS_URL: citasUrl,
  });
  const service = await startWeb(config, { clock, logger });
  return { ...service, config };
}

export interface FrontDesk {
  sys: TestSystem;
  web: TestWeb;
  clock: FixedClock;
  close(): Promise<void>;
}

/** Something between the web and citas, on a URL of its own. */
export interface CitasRelay {
  url: string;
  close(): Promise<void>;
}

export interface FrontDeskOptions extends TestSystemOptions {
  /** Extra environment for web (API_TIMEOUT_MS, RESERVA_SECRETARIA...). */
  webEnv?: Record<string, string>;
  /**
   * What the web reaches citas through, made from citas's URL: a relay the
   * test controls (one that holds back or records citas's answers). Closed
   * after the web, before citas.
   */
  citasThrough?: (citasUrl: string) => Promise<CitasRelay>;
  /**
   * true: citas calls admin with the retries and breaker it is configured
   * with (its defaults, or citasEnv's). By default it tries admin once and
   * never opens its breaker (ADMIN_RETRIES 0, ADMIN_BREAKER_THRESHOLD 1000),
   * so an outage a test makes shows at once and ends when admin is back.
   */
  adminCallsAsConfigured?: boolean;
}

/**
 * Admin, citas and web, all three on one FixedClock that starts at the
 * machine's time (so tokens issued before and after the clock branch's
 * change agree), with tokens that outlive any move of the clock a test
 * makes (TOKEN_TTL_SECONDS: 7 days).
 */
export async function startFrontDesk(options: FrontDeskOptions = {}): Promise<FrontDesk> {
  const { webEnv, citasThrough, adminCallsAsConfigured, ...system } = options;
  const clock = new FixedClock(new Date());
  const sys = await startTestSystem({
    ...system,
    adminEnv: { TOKEN_TTL_SECONDS: String(7 * 24 * 3600), ...system.adminEnv },
    citasEnv: { ...(adminCallsAsConfigured ? {} : { ADMIN_RETRIES: '0', ADMIN_BREAKER_THRESHOLD: '1000' }), ...system.citasEnv },
    adminOverrides: { clock, ...system.adminOverrides },
    citasOverrides: { clock, ...system.citasOverrides },
  });
  let relay: CitasRelay | undefined;
  let web: TestWeb;
  try {
    relay = await citasThrough?.(sys.citas.url);
    web = await startTestWeb(sys.admin.url, relay?.url ?? sys.citas.url, webEnv, clock);
  } catch (err) {
    await relay?.close();
    await sys.close();
    throw err;
  }
  return {
    sys,
    web,
    clock,
    close: async () => {
      await web.close();
      await relay?.close();
      await sys.close();
    },
  };
}

export interface WebResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  setCookie: string[];
}

/** An HTTP client that behaves like the page: same-origin requests, a cookie jar of one cookie. */
export function webClient(baseUrl: string) {
  let cookie = '';
  const origin = new URL(baseUrl).origin;
  async function request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<WebResponse<T>> {
    const h: Record<string, string> = { ...(method === 'GET' || method === 'HEAD' ? {} : { origin }), ...headers };
    if (body !== undefined) h['content-type'] ??= 'application/json';
    if (cookie && h.cookie === undefined) h.cookie = cookie;
    const res = await fetch(`${baseUrl}${path}`, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body), redirect: 'manual' });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const pair = c.split(';')[0];
      cookie = /Max-Age=0/i.test(c) ? '' : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (the page's files)
    }
    return { status: res.status, headers: res.headers, body: parsed as T, setCookie };
  }
  return {
    origin,
    get cookie() {
      return cookie;
    },
    set cookie(value: string) {
      cookie = value;
    },
    request,
    get: <T = any>(path: string, headers?: Record<string, string>) => request<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', path, body ?? {}, headers),
    login: (username: string, password: string) => request('POST', '/api/sesion', { username, password }),
  };
}
