import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * The docker CLI, awaited. Never run synchronously from a test: that stops
 * the test's event loop for as long as docker takes, and a kept-alive
 * connection a service closes meanwhile (admin's and citas's close after 5 s
 * idle) is then reused before its close is read, failing the next request
 * ("fetch failed") on a slow machine.
 */
export async function docker(...args: string[]): Promise<string> {
  return (await execFileAsync('docker', args, { encoding: 'utf8', timeout: 60_000 })).stdout.trim();
}

/** The container of a compose project's service (v1 and v2 name them differently; labels are the same); `stopped` too if asked. */
export async function containerOf(project: string, service: string, which: 'running' | 'running or stopped' = 'running'): Promise<string> {
  const all = which === 'running' ? [] : ['-a'];
  const id = await docker('ps', '-q', ...all, '--filter', `label=com.docker.compose.project=${project}`, '--filter', `label=com.docker.compose.service=${service}`);
  if (!id) throw new Error(`no ${which === 'running' ? 'running ' : ''}container for service ${service}`);
  return id.split('\n')[0];
}

/** `docker inspect` of one container, parsed. */
export async function inspect(id: string): Promise<any> {
  return JSON.parse(await docker('inspect', id))[0];
}

/** What a container has written, its stdout and its stderr (services log to both). */
export async function dockerLogs(id: string): Promise<string> {
  const { stdout, stderr } = await execFileAsync('docker', ['logs', id], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return `${stdout}\n${stderr}`;
}
