import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { listen } from '../../adapters/http/serve';

const LIMITS = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 50 };
const SETTINGS = { port: 'TEST_PORT', host: 'TEST_HOST' };

/**
 * A service takes its port before it opens anything (adapters/http/serve.ts),
 * so a request can arrive while it is still starting: it waits, and is
 * answered once the service serves, not refused or lost.
 */
describe('a port held while the service starts', () => {
  it('a request that arrives before serve(app) is answered by the app once it serves', async () => {
    const held = await listen(0, '127.0.0.1', LIMITS, SETTINGS);
    const url = `http://127.0.0.1:${(held.server.address() as AddressInfo).port}`;
    let arrived!: () => void;
    const seen = new Promise<void>((r) => (arrived = r));
    held.server.prependListener('request', () => arrived());
    const early = fetch(`${url}/health`);
    await seen; // it is inside the server, waiting

    const app = express();
    app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
    held.serve(app);

    const res = await early;
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
    await held.release();
  });

  it('release() (a start that failed after listening) cuts the waiting request and frees the port', async () => {
    const held = await listen(0, '127.0.0.1', LIMITS, SETTINGS);
    const port = (held.server.address() as AddressInfo).port;
    let arrived!: () => void;
    const seen = new Promise<void>((r) => (arrived = r));
    held.server.prependListener('request', () => arrived());
    const early = fetch(`http://127.0.0.1:${port}/health`);
    await seen;

    await held.release();

    await assert.rejects(early);
    const again = await listen(port, '127.0.0.1', LIMITS, SETTINGS);
    await again.release();
  });
});
