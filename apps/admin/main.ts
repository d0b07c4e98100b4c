import { SYSTEM_ACTOR } from '../../core/use-cases/admin-writes';
import { sizeThreadPoolForHashing } from '../../adapters/security/argon2-password-hasher';
import { drain, exitOnStartFailure, listen, localUrl, type RunningService, runUntilSignalled } from '../../adapters/http/serve';
import { SystemClock } from '../../adapters/clock/system-clock';
import { endInterruptedRestoreAtStart, nothingToCopy } from '../../adapters/sqlite/backup-command';
import { prepareDataDir } from '../../adapters/storage/data-dir';
import { adminData } from './data-dir';
import { type AdminConfig, loadAdminConfig } from './config';
import { buildContainer, type ContainerOverrides, T } from './container';
import type { Resource } from './tokens';

export type { RunningService };

/** How long in-flight requests may take to finish on shutdown. */
const DRAIN_MS = 10_000;

/**
 * Starts the admin service: takes its port (port 0 = any free port) before
 * anything else, so that a start that cannot listen writes nothing; then
 * opens the database (migrating it), makes the signing keys if there are
 * none, creates the first admin when the user table is empty, and answers
 * (until then a request is answered 503 at once: listen in serve.ts).
 */
export async function startAdmin(config: AdminConfig, overrides: ContainerOverrides = {}): Promise<RunningService> {
  const held = await listen(config.port, config.host, config.server, { port: 'ADMIN_PORT', host: 'ADMIN_HOST' });
  let storage: Resource | undefined;
  try {
    // Once, before the database or the keys are opened there; not when admin keeps nothing in it (backup.ts says what it keeps).
    if (!nothingToCopy(adminData(config))) {
      prepareDataDir(config.dataDir);
      // Before anything is opened there: a restore killed half-way must not leave this service on a half-restored DATA_DIR.
      // Waits for a restore running there to end: the service then starts on what it restored.
      await endInterruptedRestoreAtStart('admin', config.dataDir, overrides.clock ?? new SystemClock());
    }
    const container = buildContainer(config, overrides);
    // Opens the database first: PostgreSQL connects and migrates asynchronously; SQLite opens its file as before.
    const opened = await container.getAsync(T.storage);
    storage = opened;
    const logger = container.get(T.logger);
    container.get(T.jwks); // makes the signing keys now, not on the first login
    await createFirstAdmin(config, container);
    held.serve(container.get(T.app));
    const { url, port } = localUrl(held.server, config.host);
    logger.info({ port }, 'admin service listening');
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= drain(held.server, DRAIN_MS).then(() => opened.close()));
    return { url, port, close };
  } catch (err) {
    await storage?.close();
    await held.release();
    throw err;
  }
}

/**
 * CreateUser asks access.ts like every other use case, but at bootstrap
 * nobody is logged in: the user table is empty. Rather than a CreateUser that
 * may be called with no caller (a door any other caller could walk through by
 * forgetting the argument), the bootstrap acts as the system (SYSTEM_ACTOR),
 * used only here, and only while the table is empty.
 */
async function createFirstAdmin(config: AdminConfig, container: ReturnType<typeof buildContainer>): Promise<void> {
  const users = container.get(T.users);
  if ((await users.count()) > 0) return;
  const { username, password } = config.bootstrap;
  try {
    await container.get(T.useCases).createUser.execute({ username, password, rol: 'admin' }, SYSTEM_ACTOR);
    container.get(T.logger).info({ username }, 'first admin created from ADMIN_BOOTSTRAP_USERNAME');
  } catch (err) {
    if ((err as { code?: string }).code === 'USUARIO_DUPLICADO') return; // another process on the same file won the race
    const detail = (err as { errors?: { message: string }[] }).errors?.map((e) => e.message).join(' ') ?? '';
    throw new Error(`No se pudo crear el primer admin (ADMIN_BOOTSTRAP_USERNAME / ADMIN_BOOTSTRAP_PASSWORD): ${detail || (err as Error).message}`);
  }
}

async function main(): Promise<void> {
  let config: AdminConfig;
  try {
    config = loadAdminConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  // First, before anything can give libuv's pool work: the pool is sized once, when it starts.
  sizeThreadPoolForHashing(config.passwordHashConcurrency);
  await runUntilSignalled('admin', () => startAdmin(config));
}

if (require.main === module) {
  main().catch((err) => exitOnStartFailure('admin', err));
}
