import { errorSummary } from '../../adapters/http/logger';
import { drain, exitOnStartFailure, listen, localUrl, type RunningService, runUntilSignalled } from '../../adapters/http/serve';
import { SystemClock } from '../../adapters/clock/system-clock';
import { endInterruptedRestoreAtStart, nothingToCopy } from '../../adapters/sqlite/backup-command';
import { prepareDataDir } from '../../adapters/storage/data-dir';
import { citasData } from './data-dir';
import { type CitasConfig, loadCitasConfig } from './config';
import { buildContainer, type ContainerOverrides, T } from './container';
import type { Resource } from './tokens';

export type { RunningService };

/**
 * Starts the citas service: takes its port (port 0 = any free port) before
 * anything else, so that a start that cannot listen writes nothing; then
 * opens (and migrates) its own database, SQLite or PostgreSQL (awaited: a
 * database that cannot be used stops the start with a message naming
 * CITAS_DATABASE_URL, and the port is let go), answers (until then a
 * request is answered 503 at once: listen in serve.ts) and starts its
 * background workers. It does not need admin to be up to start: admin is
 * asked per request, and /ready says whether it answers.
 */
export async function startCitas(config: CitasConfig, overrides: ContainerOverrides = {}): Promise<RunningService> {
  const held = await listen(config.port, config.host, config.server, { port: 'CITAS_PORT', host: 'CITAS_HOST' });
  const resources: Resource[] = [];
  const closeResources = async () => {
    for (const r of resources) await r.close();
  };
  try {
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
    resources.push(await container.getAsync(T.storage));
    resources.push(container.get(T.admin));
    const app = container.get(T.app);
    const workers = container.get(T.workers);
    held.serve(app);
    for (const w of workers) w.start();
    const { url, port } = localUrl(held.server, config.host);
    logger.info({ port, adminUrl: config.adminUrl }, 'citas service listening');
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        await drain(held.server, config.shutdownTimeoutMs);
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
    await held.release();
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
