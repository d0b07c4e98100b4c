import { freePort, spawnService, type ServiceProcess } from './service';

/** Where the service entry points are and how to run them: transpiled JS (bench) or ts-node (tests). */
export interface Runtime {
  root: string;
  runner: 'node' | 'ts-node';
  logLevel: string;
  /** Extra node flags per service name (e.g. --cpu-prof for the one being profiled). */
  nodeArgs?: (name: string) => string[];
}

const ext = (rt: Runtime): string => (rt.runner === 'node' ? 'js' : 'ts');

export async function startAdminProcess(rt: Runtime, name: string, dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<ServiceProcess> {
  const port = await freePort();
  return spawnService({
    name,
    script: `apps/admin/main.${ext(rt)}`,
    root: rt.root,
    runner: rt.runner,
    port,
    nodeArgs: rt.nodeArgs?.(name),
    readyTimeoutMs: 60_000,
    env: { ADMIN_PORT: String(port), ADMIN_HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: rt.logLevel, NODE_ENV: 'development', ...env },
  });
}

export async function startCitasProcess(
  rt: Runtime,
  name: string,
  dataDir: string,
  adminUrl: string,
  env: NodeJS.ProcessEnv = {},
  port?: number,
): Promise<ServiceProcess> {
  const p = port ?? (await freePort());
  return spawnService({
    name,
    script: `apps/citas/main.${ext(rt)}`,
    root: rt.root,
    runner: rt.runner,
    port: p,
    nodeArgs: rt.nodeArgs?.(name),
    readyTimeoutMs: 60_000,
    env: { CITAS_PORT: String(p), CITAS_HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_URL: adminUrl, LOG_LEVEL: rt.logLevel, NODE_ENV: 'development', ...env },
  });
}
