import { resolve } from 'node:path';

/**
 * A path the operator typed on a command line, as an absolute path: a
 * relative one is read from the folder they typed it in. npm runs every
 * script from the project's root, and says where it was called from in
 * INIT_CWD; run without npm (node, docker exec), this process's folder is
 * theirs. Settings in the environment (DATA_DIR, LOADER_DATA_DIR, ...) are
 * not typed per command: they stay relative to the project's folder, as the
 * services read them.
 */
export function callerPath(path: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.INIT_CWD || process.cwd(), path);
}
