/**
 * Starts a real admin service in-process on an ephemeral port with its own
 * temporary DATA_DIR (removed on close). Used by the admin HTTP tests and by
 * every suite that needs tokens or directory data.
 *
 *   const admin = await startTestAdmin();
 *   const token = await admin.adminToken();
 *   const doctor = await admin.post('/admin/doctores', {...}, token);
 *   await admin.close();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AdminConfig, DEFAULT_BOOTSTRAP_PASSWORD, DEFAULT_BOOTSTRAP_USERNAME, loadAdminConfig } from '../../apps/admin/config';
import type { ContainerOverrides } from '../../apps/admin/container';
import { type RunningService, startAdmin } from '../../apps/admin/main';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestAdmin extends RunningService {
  config: AdminConfig;
  dataDir: string;
  /** Logs in and returns the access token; rejects unless the answer is 200. */
  login(username: string, password: string): Promise<string>;
  /** A token for the bootstrap admin (cached). */
  adminToken(): Promise<string>;
  /** fetch against the service; JSON in and out. */
  request<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<ApiResponse<T>>;
  get<T = any>(path: string, token?: string): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body: unknown, token?: string): Promise<ApiResponse<T>>;
}

export const TEST_ADMIN = { username: DEFAULT_BOOTSTRAP_USERNAME, password: DEFAULT_BOOTSTRAP_PASSWORD };

/**
 * `overrides` are environment variables (ADMIN_BOOTSTRAP_PASSWORD, LOGIN_MAX_FAILURES_PER_ACCOUNT, DATA_DIR...);
 * `replacements` go to the container (a fixed clock).
 */
export async function startTestAdmin(overrides: Record<string, string> = {}, replacements: ContainerOverrides = {}): Promise<TestAdmin> {
  const ownDir = overrides.DATA_DIR === undefined;
  const dataDir = overrides.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'odontocare-admin-'));
  const config = loadAdminConfig({
    NODE_ENV: 'test',
    ADMIN_PORT: '0',
    ADMIN_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...overrides,
    DATA_DIR: dataDir,
  });
  let service: RunningService;
  try {
    service = await startAdmin(config, replacements);
  } catch (err) {
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }

  async function request<T>(method: string, path: string, body?: unknown, token?: string): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${service.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const json = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, headers: res.headers, body: (text && json ? JSON.parse(text) : text || undefined) as T };
  }

  async function login(username: string, password: string): Promise<string> {
    const res = await request<{ access_token: string }>('POST', '/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} -> ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.access_token;
  }

  let cachedAdminToken: Promise<string> | undefined;
  return {
    ...service,
    config,
    dataDir,
    login,
    adminToken: () => (cachedAdminToken ??= login(config.bootstrap.username, config.bootstrap.password)),
    request,
    get: (path, token) => request('GET', path, undefined, token),
    post: (path, body, token) => request('POST', path, body, token),
    close: async () => {
      await service.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
