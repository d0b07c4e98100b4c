import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { errorSummary } from '../../adapters/http/logger';
import { type CitasConfig, loadCitasConfig } from './config';
import { buildContainer, type ContainerOverrides, T } from './container';

export interface RunningService {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the citas service: opens (and migrates) its own database, listens
 * (port 0 = any free port) and starts its background workers. It does not
 * need admin to be up to start: admin is asked per request, and /ready says
 * whether it answers.
 */
export async function startCitas(config: CitasConfig, overrides: ContainerOverrides = {}): Promise<RunningService> {
  const container = buildContainer(config, overrides);
  const db = container.get(T.db);
  const logger = container.get(T.logger);
  const admin = container.get(T.adminClient);
  try {
    const app = container.get(T.app);
    const workers = container.get(T.workers);
    const server = await listen(app, config);
    for (const w of workers) w.start();
    const port = (server.address() as AddressInfo).port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    logger.info({ port, adminUrl: config.adminUrl }, 'citas service listening');
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        await drain(server, config.shutdownTimeoutMs);
        for (const w of workers) {
          try {
            await w.stop();
          } catch (err) {
            logger.error({ worker: w.name, ...errorSummary(err) }, 'worker did not stop cleanly');
          }
        }
        admin.close();
        db.close();
      })();
      return closing;
    };
    return { url: `http://${host}:${port}`, port, close };
  } catch (err) {
    admin.close();
    db.close();
    throw err;
  }
}

function listen(app: Express, config: CitasConfig): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.once('error', reject);
  });
}

/**
 * Stops accepting connections and lets in-flight requests finish (up to
 * `timeoutMs`, then cuts them). A kept-alive connection is closed as soon as
 * its request is answered, so clients do not hold the process open.
 */
function drain(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const timer = setTimeout(() => {
      server.closeAllConnections();
      finish();
    }, timeoutMs);
    function finish() {
      clearInterval(sweep);
      clearTimeout(timer);
      resolve();
    }
    sweep.unref();
    timer.unref();
    server.close(() => finish());
    server.closeIdleConnections();
  });
}

async function main(): Promise<void> {
  let config: CitasConfig;
  try {
    config = loadCitasConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const service = await startCitas(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ service: 'citas', msg: `${signal}: draining` }));
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
    console.error(err instanceof Error ? err.message : 'citas service failed to start', errorSummary(err));
    process.exit(1);
  });
}
