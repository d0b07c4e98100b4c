import { errorSummary } from '../../adapters/http/logger';
import { drain, exitOnStartFailure, listen, localUrl, type RunningService, runUntilSignalled } from '../../adapters/http/serve';
import { SystemClock } from '../../adapters/clock/system-clock';
import { endInterruptedRestoreAtStart, nothingToCopy } from '../../adapters/sqlite/backup-command';
import { prepareDataDir } from '../../adapters/storage/data-dir';
import { citasData } from './data-dir';
import { type CitasConfig, loadCitasConfig } from './config';
import { buildContainer, type ContainerOverrides, T } from './container';

export type { RunningService };

/**
 * Starts the citas service: opens (and migrates) its own database, SQLite or
 * PostgreSQL (awaited: a database that cannot be used stops the start with a
 * message naming CITAS_DATABASE_URL, before any port is taken), listens
 * (port 0 = any free port) and starts its background workers. It does not
 * need admin to be up to start: admin is asked per request, and /ready says
 * whether it answers.
 */
export async function startCitas(config: CitasConfig, overrides: ContainerOverrides = {}): Promise<RunningService> {
  // Once, before the database is opened there; not on PostgreSQL, when citas keeps nothing in it (backup.ts says what it keeps).
  if (!nothingToCopy(citasData(config))) {
    prepareDataDir(config.dataDir);
    // Before anything is opened there: a restore killed half-way must not leave this service on a half-restored DATA_DIR.
    // Waits for a restore running there to end: the service then starts on what it restored.
    await endInterruptedRestoreAtStart('citas', config.dataDir, overrides.clock ?? new SystemClock());
  }
  const container = buildContainer(config, overrides);
  const logger = container.get(T.logger);
  // Awaited: on PostgreSQL, resolving storage connects and migrates (apps/citas/modules/postgres-storage.ts).
  const storage = await container.getAsync(T.storage);
  const resources = [storage, container.get(T.admin)];
  const closeResources = async () => {
    for (const r of resources) await r.close();
  };
  try {
    const app = container.get(T.app);
    const workers = container.get(T.workers);
    const server = await listen(app, config.port, config.host, config.server, { port: 'CITAS_PORT', host: 'CITAS_HOST' });
    for (const w of workers) w.start();
    const { url, port } = localUrl(server, config.host);
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
        await closeResources();
      })();
      return closing;
    };
    return { url, port, close };
  } catch (err) {
    await closeResources();
    throw err;
  }
}

async function main(): Promise<void> {
  let config: CitasConfig;
  try {
    config = loadCitasConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  await runUntilSignalled('citas', () => startCitas(config));
}

if (require.main === module) {
  main().catch((err) => exitOnStartFailure('citas', err));
}
