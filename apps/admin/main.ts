import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { errorSummary } from '../../adapters/http/logger';
import { type AdminConfig, loadAdminConfig } from './config';
import { buildContainer, T } from './container';

export interface RunningService {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the admin service: opens the database (migrating it), makes the
 * signing keys if there are none, creates the first admin when the user
 * table is empty, and listens (port 0 = any free port).
 */
export async function startAdmin(config: AdminConfig): Promise<RunningService> {
  const container = buildContainer(config);
  const db = container.get(T.db);
  const logger = container.get(T.logger);
  try {
    container.get(T.keyRing);
    await createFirstAdmin(config, container);
    const app = container.get(T.app);
    const server = await listen(app, config);
    const port = (server.address() as AddressInfo).port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    logger.info({ port }, 'admin service listening');
    return { url: `http://${host}:${port}`, port, close: () => drain(server, () => db.close()) };
  } catch (err) {
    db.close();
    throw err;
  }
}

async function createFirstAdmin(config: AdminConfig, container: ReturnType<typeof buildContainer>): Promise<void> {
  const users = container.get(T.users);
  if (users.count() > 0) return;
  const { username, password } = config.bootstrap;
  try {
    await container.get(T.createUser).execute({ username, password, rol: 'admin' });
    container.get(T.logger).info({ username }, 'first admin created from ADMIN_BOOTSTRAP_USERNAME');
  } catch (err) {
    if ((err as { code?: string }).code === 'USUARIO_DUPLICADO') return; // another process on the same file won the race
    const detail = (err as { errors?: { message: string }[] }).errors?.map((e) => e.message).join(' ') ?? '';
    throw new Error(`No se pudo crear el primer admin (ADMIN_BOOTSTRAP_USERNAME / ADMIN_BOOTSTRAP_PASSWORD): ${detail || (err as Error).message}`);
  }
}

function listen(app: Express, config: AdminConfig): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.once('error', reject);
  });
}

/** Stops accepting connections, lets in-flight requests finish (up to 10 s), then closes the database. */
function drain(server: Server, closeDb: () => void): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      closeDb();
      resolve();
    };
    const timer = setTimeout(() => {
      server.closeAllConnections();
      finish();
    }, 10_000);
    timer.unref();
    server.close(() => finish());
    server.closeIdleConnections();
  });
}

async function main(): Promise<void> {
  let config: AdminConfig;
  try {
    config = loadAdminConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const service = await startAdmin(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ service: 'admin', msg: `${signal}: draining` }));
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : 'admin service failed to start', errorSummary(err));
    process.exit(1);
  });
}
