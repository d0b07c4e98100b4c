import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../adapters/http/logger';
import { TEST_ADMIN } from '../support/admin';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { type FrontDesk, startFrontDesk, startTestWeb, type TestWeb, webClient } from '../support/web';

/**
 * What the web's log tells whoever runs it when admin or citas does not
 * answer: the page says "el servicio de citas no responde", and the log must
 * say which instance (CITAS_URL may list several) and why (nothing listens,
 * no answer in time, an answer that is not the API's JSON), on the request's
 * own id, so the 503 line can be traced to its cause.
 */
type Line = Record<string, unknown>;

describe('web log when an API does not answer', () => {
  let fd: FrontDesk;
  before(async () => {
    fd = await startFrontDesk();
  });
  after(async () => {
    await fd?.close();
  });

  /** A web in front of `citasUrl` whose log lines are kept; `run` gets a client logged in as the admin. */
  async function withWebBefore(citasUrl: string, run: (client: ReturnType<typeof webClient>, lines: () => Line[]) => Promise<void>): Promise<void> {
    const written: string[] = [];
    const logger = createLogger('web', 'info', { write: (line: string) => void written.push(line) });
    const web: TestWeb = await startTestWeb(fd.sys.admin.url, citasUrl, {}, fd.clock, logger);
    try {
      const client = webClient(web.url);
      assert.equal((await client.login(TEST_ADMIN.username, TEST_ADMIN.password)).status, 200);
      await run(client, () => written.map((l) => JSON.parse(l) as Line));
    } finally {
      await web.close();
    }
  }

  /** The warning that explains the 503 of the request logged as `msg` (its request line is written once the answer is sent). */
  async function warningFor(lines: () => Line[], msg: string): Promise<Line> {
    const all = await eventually(async () => lines(), (ls) => ls.some((l) => l.msg === msg));
    const reqId = all.find((l) => l.msg === msg)?.reqId;
    assert.ok(reqId, `no line "${msg}" in ${JSON.stringify(all)}`);
    const warning = all.find((l) => l.reqId === reqId && l.level === 40);
    assert.ok(warning, `no warning says why request ${String(reqId)} was a 503; its lines: ${JSON.stringify(all.filter((l) => l.reqId === reqId))}`);
    return warning;
  }

  it('names the citas instance nothing listens on, and the refused connection', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    await withWebBefore(down, async (client, lines) => {
      const res = await client.get('/api/citas/citas');
      assert.equal(res.status, 503, JSON.stringify(res.body));
      const warning = await warningFor(lines, 'GET /api/citas/citas 503');
      assert.equal(warning.api, 'citas');
      assert.equal(warning.url, down);
      assert.match(String(warning.reason), /ECONNREFUSED/);
    });
  });

  it('names the instance whose answer is not the API\'s JSON (a proxy\'s error page), with its status', async () => {
    const proxy: Server = createServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>Bad Gateway</body></html>');
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      await withWebBefore(url, async (client, lines) => {
        const res = await client.get('/api/citas/citas');
        assert.equal(res.status, 503, JSON.stringify(res.body));
        const warning = await warningFor(lines, 'GET /api/citas/citas 503');
        assert.equal(warning.url, url);
        assert.match(String(warning.reason), /502/);
        assert.match(String(warning.reason), /text\/html/);
        assert.doesNotMatch(JSON.stringify(warning), /Bad Gateway/, 'the answer\'s body is not copied into the log');
      });
    } finally {
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});
