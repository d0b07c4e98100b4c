import { describe, it, type SuiteContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

/**
 * The gate in front of every test that needs a Docker engine (test/containers).
 *
 * - Engine reachable: the suite runs.
 * - Engine missing on a developer's machine: the suite is reported SKIPPED with
 *   the reason, so `npm test` still works with Node alone.
 * - Engine missing with CI=true: the suite FAILS. CI provisions the engine
 *   (.ci/run); a silent skip there would hide the container tests forever.
 */

export interface DockerEngine {
  /** Server version as `docker version` reports it. */
  serverVersion: string;
  /** How compose is invoked: the v2 CLI plugin, or docker-compose v1 standalone. */
  compose: 'plugin' | 'standalone';
  composeVersion: string;
}

type Probe = { ok: true; engine: DockerEngine } | { ok: false; reason: string };

let probed: Probe | undefined;

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 }).trim();
}

function firstLine(err: unknown): string {
  const e = err as { code?: string; stderr?: string; message?: string };
  if (e.code === 'ENOENT') return 'the docker CLI is not installed';
  if (e.code === 'ETIMEDOUT') return 'the Docker engine did not answer within 20 s';
  const text = (e.stderr || e.message || String(err)).trim();
  return text.split('\n')[0] ?? text;
}

/** Asks the engine once per process; later calls return the same answer. */
export function probeDocker(): Probe {
  if (probed) return probed;
  let serverVersion: string;
  try {
    serverVersion = run('docker', ['version', '--format', '{{.Server.Version}}']);
  } catch (err) {
    return (probed = { ok: false, reason: `no Docker engine reachable (${firstLine(err)})` });
  }
  try {
    const v = run('docker', ['compose', 'version', '--short']);
    if (/^v?2\./.test(v)) {
      return (probed = { ok: true, engine: { serverVersion, compose: 'plugin', composeVersion: v } });
    }
  } catch {
    // no v2 plugin: try the standalone v1 below
  }
  try {
    const v = run('docker-compose', ['version', '--short']);
    return (probed = { ok: true, engine: { serverVersion, compose: 'standalone', composeVersion: v } });
  } catch (err) {
    return (probed = { ok: false, reason: `Docker engine ${serverVersion} found but no Compose (${firstLine(err)})` });
  }
}

export function inCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

/**
 * `describe` for suites that need Docker: runs, skips with the reason, or (CI)
 * fails with the reason, as described at the top of this file.
 */
export function describeWithDocker(name: string, fn: (engine: DockerEngine, s: SuiteContext) => void | Promise<void>): void {
  const probe = probeDocker();
  if (probe.ok) {
    describe(name, (s) => fn(probe.engine, s));
    return;
  }
  if (inCi()) {
    describe(name, () => {
      it('has a reachable Docker engine (required when CI=true)', () => {
        assert.fail(`${probe.reason}. CI must provision it (.ci/run calls docker-up.sh).`);
      });
    });
    return;
  }
  // A skipped test rather than a skipped suite: the runner's summary counts it ("# skipped 1").
  describe(name, () => {
    it('needs a reachable Docker engine', { skip: `${probe.reason}; run \`bash .ci/docker-up.sh\` or start Docker` }, () => {});
  });
}
