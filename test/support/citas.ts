/**
 * Both services, real, in-process, on ephemeral ports, each with its own
 * temporary DATA_DIR (removed on close). Citas reaches admin only through
 * ADMIN_URL, exactly as in production: it never sees admin's database.
 *
 *   const sys = await startTestSystem();
 *   const doctor = await sys.createDoctor();          // { id, username, password, token() }
 *   const patient = await sys.createPatient();
 *   const center = await sys.createCenter();
 *   const res = await sys.citas.post('/citas', {...}, await patient.token());
 *   await sys.close();
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CitasConfig, loadCitasConfig } from '../../apps/citas/config';
import type { ContainerOverrides as AdminOverrides } from '../../apps/admin/container';
import type { ContainerOverrides } from '../../apps/citas/container';
import { type RunningService, startCitas } from '../../apps/citas/main';
import { type ApiResponse, startTestAdmin, type TestAdmin } from './admin';

export type { ApiResponse };

export interface HttpClient {
  url: string;
  request<T = any>(method: string, path: string, body?: unknown, token?: string, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  get<T = any>(path: string, token?: string): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body: unknown, token?: string): Promise<ApiResponse<T>>;
  put<T = any>(path: string, body: unknown, token?: string): Promise<ApiResponse<T>>;
  delete<T = any>(path: string, token?: string): Promise<ApiResponse<T>>;
}

export interface TestCitas extends RunningService, HttpClient {
  config: CitasConfig;
  dataDir: string;
}

/** A user created through admin's API, who can log in. */
export interface Account {
  username: string;
  password: string;
  /** Logs in (once, then cached) and returns a bearer token. */
  token(): Promise<string>;
}

export interface DoctorAccount extends Account {
  id: number;
  nombre: string;
  especialidad: string;
}
export interface PatientAccount extends Account {
  id: number;
  nombre: string;
}
export interface CenterRecord {
  id: number;
  nombre: string;
}

export interface TestSystem {
  admin: TestAdmin;
  citas: TestCitas;
  /** The bootstrap admin's token (valid on both services). */
  adminToken: string;
  createDoctor(opts?: { especialidad?: string; nombre?: string }): Promise<DoctorAccount>;
  createPatient(opts?: { estado?: 'ACTIVO' | 'INACTIVO'; nombre?: string }): Promise<PatientAccount>;
  createCenter(opts?: { nombre?: string }): Promise<CenterRecord>;
  createSecretaria(): Promise<Account>;
  login(username: string, password: string): Promise<string>;
  /** Stops admin (citas keeps running); its data and port are kept for startAdminAgain. */
  stopAdmin(): Promise<void>;
  /** Starts admin again on the same port with the same data (same keys, same records). */
  startAdminAgain(): Promise<void>;
  close(): Promise<void>;
}

export interface TestSystemOptions {
  /** Extra environment for citas (ADMIN_TIMEOUT_MS, MAX_CITAS_FUTURAS, CLINIC_TIME_ZONE...). */
  citasEnv?: Record<string, string>;
  /** Extra environment for admin. */
  adminEnv?: Record<string, string>;
  /** Container replacements for citas (a fixed clock). */
  citasOverrides?: ContainerOverrides;
  /** Container replacements for admin (a fixed clock: give both services the same one when a test moves token time). */
  adminOverrides?: AdminOverrides;
}

/** Meets the password policy and never contains the username. */
export const TEST_PASSWORD = 'Sonrisa-2026-ok';

let sequence = 0;
function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}${sequence}${randomBytes(3).toString('hex')}`;
}

export function httpClient(baseUrl: string): HttpClient {
  async function request<T>(method: string, path: string, body?: unknown, token?: string, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && h['content-type'] === undefined) h['content-type'] = 'application/json';
    if (token) h.authorization = `Bearer ${token}`;
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }
  return {
    url: baseUrl,
    request,
    get: (path, token) => request('GET', path, undefined, token),
    post: (path, body, token) => request('POST', path, body, token),
    put: (path, body, token) => request('PUT', path, body, token),
    delete: (path, token) => request('DELETE', path, undefined, token),
  };
}

/** Citas alone, pointed at an admin URL (which may be anything, e.g. a stub or a closed port). */
export async function startTestCitas(adminUrl: string, env: Record<string, string> = {}, overrides: ContainerOverrides = {}): Promise<TestCitas> {
  const dataDir = mkdtempSync(join(tmpdir(), 'odontocare-citas-'));
  const config = loadCitasConfig({
    CITAS_PORT: '0',
    CITAS_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    CITAS_WORKERS: 'false',
    // Generous: on a loaded CI machine a slow answer must not look like an outage. Outage tests stop admin (refused at once) or set their own.
    ADMIN_TIMEOUT_MS: '10000',
    ...env,
    ADMIN_URL: adminUrl,
    DATA_DIR: dataDir,
  });
  let service: RunningService;
  try {
    service = await startCitas(config, overrides);
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    ...service,
    ...httpClient(service.url),
    config,
    dataDir,
    close: async () => {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const adminDir = mkdtempSync(join(tmpdir(), 'odontocare-admin-'));
  let admin: TestAdmin;
  try {
    admin = await startTestAdmin({ ...options.adminEnv, DATA_DIR: adminDir }, options.adminOverrides);
  } catch (err) {
    rmSync(adminDir, { recursive: true, force: true });
    throw err;
  }
  const adminPort = admin.port;
  let citas: TestCitas;
  try {
    citas = await startTestCitas(admin.url, options.citasEnv, options.citasOverrides);
  } catch (err) {
    await admin.close();
    rmSync(adminDir, { recursive: true, force: true });
    throw err;
  }
  const adminToken = await admin.adminToken();
  let adminRunning = true;

  const account = (username: string, password: string): Account => {
    let cached: Promise<string> | undefined;
    return { username, password, token: () => (cached ??= system.login(username, password)) };
  };

  async function expectCreated<T>(res: ApiResponse<T>, what: string): Promise<T> {
    if (res.status !== 201) throw new Error(`crear ${what} -> ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  const system: TestSystem = {
    get admin() {
      return admin;
    },
    citas,
    adminToken,
    async createDoctor(opts = {}) {
      const username = unique('doc');
      const nombre = opts.nombre ?? `Dra. Prueba ${username}`;
      const especialidad = opts.especialidad ?? 'Odontología general';
      const body = await expectCreated(
        await admin.post<{ id_doctor: number }>('/admin/doctores', { nombre, especialidad, username, password: TEST_PASSWORD }, adminToken),
        'doctor',
      );
      return { ...account(username, TEST_PASSWORD), id: body.id_doctor, nombre, especialidad };
    },
    async createPatient(opts = {}) {
      const username = unique('pac');
      const nombre = opts.nombre ?? `Paciente ${username}`;
      const body = await expectCreated(
        await admin.post<{ id_paciente: number }>(
          '/admin/pacientes',
          { nombre, telefono: '600123456', estado: opts.estado ?? 'ACTIVO', username, password: TEST_PASSWORD },
          adminToken,
        ),
        'paciente',
      );
      return { ...account(username, TEST_PASSWORD), id: body.id_paciente, nombre };
    },
    async createCenter(opts = {}) {
      const nombre = opts.nombre ?? `Centro ${unique('c')}`;
      const body = await expectCreated(
        await admin.post<{ id_centro: number }>('/admin/centros', { nombre, direccion: 'Calle Mayor 1, Madrid' }, adminToken),
        'centro',
      );
      return { id: body.id_centro, nombre };
    },
    async createSecretaria() {
      const username = unique('sec');
      await expectCreated(await admin.post('/admin/usuario', { username, password: TEST_PASSWORD, rol: 'secretaria' }, adminToken), 'secretaria');
      return account(username, TEST_PASSWORD);
    },
    login: (username, password) => admin.login(username, password),
    async stopAdmin() {
      if (!adminRunning) return;
      adminRunning = false;
      await admin.close(); // DATA_DIR was given, so admin keeps it
    },
    async startAdminAgain() {
      if (adminRunning) return;
      admin = await startTestAdmin({ ...options.adminEnv, DATA_DIR: adminDir, ADMIN_PORT: String(adminPort) }, options.adminOverrides);
      adminRunning = true;
    },
    async close() {
      await citas.close();
      if (adminRunning) await admin.close();
      adminRunning = false;
      rmSync(adminDir, { recursive: true, force: true });
    },
  };
  return system;
}
