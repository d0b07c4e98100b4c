import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StartRefusal } from '../../adapters/config/start-refusal';
import { drain, exitOnStartFailure, listen, localUrl, type RunningService, runUntilSignalled } from '../../adapters/http/serve';
import { loadWebConfig, type WebConfig } from './config';
import { buildContainer, type ContainerOverrides, T } from './container';

export type { RunningService };

/** How long in-flight requests may take to finish on shutdown. */
const DRAIN_MS = 10_000;

/**
 * Starts the web service: serves the compiled page and /api. It needs
 * neither admin nor citas to start (they are asked per request, and the page
 * says plainly when one does not answer), but it does need the page.
 */
export async function startWeb(config: WebConfig, overrides: ContainerOverrides = {}): Promise<RunningService> {
  if (!existsSync(join(config.pageDir, 'index.html'))) {
    throw new StartRefusal(`No está la página compilada en ${config.pageDir} (WEB_PAGE_DIR): ejecute npm run build:page.`);
  }
  const container = buildContainer(config, overrides);
  const logger = container.get(T.logger);
  const held = await listen(config.port, config.host, config.server, { port: 'WEB_PORT', host: 'WEB_HOST' });
  held.serve(container.get(T.app)); // nothing of web's to open or write first
  const { url, port } = localUrl(held.server, config.host);
  logger.info({ port, adminUrl: config.adminUrl, citasUrls: config.citasUrls, allowedHosts: config.allowedHosts }, 'web service listening');
  let closing: Promise<void> | undefined;
  // The Upstreams' Agents are left open: main exits once drained (a relay in flight ends within API_TIMEOUT_MS), and undici unrefs idle sockets, so an in-process web holds no process open either.
  return { url, port, close: () => (closing ??= drain(held.server, DRAIN_MS)) };
}

async function main(): Promise<void> {
  let config: WebConfig;
  try {
    config = loadWebConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  await runUntilSignalled('web', () => startWeb(config));
}

if (require.main === module) {
  main().catch((err) => exitOnStartFailure('web', err));
}
