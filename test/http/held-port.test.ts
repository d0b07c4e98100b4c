import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { listen } from '../../adapters/http/serve';

const LIMITS = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 50 };
const SETTINGS = { port: 'TEST_PORT', host: 'TEST_HOST' };

/**
 * A service takes its port before it opens anything (adapters/http/serve.ts),
 * so a request can arrive while it is still starting: a start may wait for a
 * restore or a migration lock for minutes, so the request is answered at once
 * with a 503 that says so and when to try again, never held for as long.
 */
describe('a port held while the service starts', () => {
  it('a request that arrives before serve(app) is answered 503 with Retry-After at once; once it serves, the app answers', async () => {
    const held = await listen(0, '127.0.0.1', LIMITS, SETTINGS);
    const url = `http://127.0.0.1:${(held.server.address() as AddressInfo).port}`;

    // Held, it would never come back before serve(app): 5 s says so instead of the runner's timeout.
    const early = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
    assert.equal(early.status, 503);
    assert.equal(early.headers.get('retry-after'), '1');
    assert.match(early.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const problem = (await early.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'SERVICIO_NO_DISPONIBLE');
    assert.match(problem.detail, /arrancando/);

    const app = express();
    app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
    held.serve(app);

    const res = await fetch(`${url}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
    await held.release();
  });

  it('release() (a start that failed after listening) frees the port, kept-alive connections and all', async () => {
    const held = await listen(0, '127.0.0.1', LIMITS, SETTINGS);
    const port = (held.server.address() as AddressInfo).port;
    assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 503); // its connection kept alive

    await held.release();

    await assert.rejects(fetch(`http://127.0.0.1:${port}/health`));
    const again = await listen(port, '127.0.0.1', LIMITS, SETTINGS);
    await again.release();
  });
});
