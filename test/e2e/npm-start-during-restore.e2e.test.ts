import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { aClinicWithABackup, backupSuite } from '../support/npm-backup';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { startNpmStart } from '../support/npm-start';
import { restoreHeldAt } from '../support/restore-held';

/**
 * `npm start` while a colleague's `npm run restore` runs on its DATA_DIR:
 * admin and citas wait for the restore to end, however long it takes
 * (start-during-restore.e2e.test.ts), answering 503 meanwhile. npm start
 * stopped everything once admin had not answered 200 within
 * START_HEALTH_TIMEOUT_MS (60 s), calling admin unanswering; it must wait
 * for a service that answers it is starting, and say so once, and stop only
 * when nothing answers at all.
 *
 * The restore is held while it checks its backup's keys, read through a FIFO
 * (test/support/fifo-file.ts), until npm start has said its deadline passed:
 * events, never timers (the deadline is 1 s here). npm start reaches admin
 * through a relay that answers 503 while admin is not listening yet, as admin
 * itself answers while it starts: on a loaded machine admin may take longer
 * than that second only to load its code, which is not what this is about.
 */
async function relayTo(adminPort: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const upstream = http.request({ host: '127.0.0.1', port: adminPort, method: req.method, path: req.url, headers: { ...req.headers, connection: 'close' } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(503, { 'retry-after': '1' });
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

describe('npm start while a restore runs on its DATA_DIR', { timeout: 240_000 }, () => {
  const { tempDir } = backupSuite();
  let clinic: string;

  before(async () => {
    clinic = tempDir('clinic');
    await aClinicWithABackup(clinic);
  });

  it('waits past START_HEALTH_TIMEOUT_MS for admin, which answers that it is starting, says so once, and runs on once the restore ends', async () => {
    const adminPort = await freePort();
    const relay = await relayTo(adminPort);
    let start: Awaited<ReturnType<typeof startNpmStart>> | undefined;
    let saidStillStarting = false;
    const restoring = restoreHeldAt(clinic, join(tempDir('restoring'), 'data'), 1, async (_restore, dataDir) => {
      start = await startNpmStart(dataDir, { START_HEALTH_TIMEOUT_MS: '1000', ADMIN_PORT: String(adminPort), ADMIN_URL: relay.url });
      saidStillStarting = await start.says(/\[start\] admin sigue arrancando/);
    });
    try {
      const { ended: restored } = await restoring;
      assert.equal(restored.code, 0, `${restored.stdout}${restored.stderr}`);
      assert.ok(start, 'the restore never read its backup’s keys');
      assert.ok(saidStillStarting, start.running() ? 'never said it still waits' : `npm start ended: ${(await start.ended).output}`);
      const up = (port: number) => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      const { citas, web } = start.ports;
      const ready = await eventually(async () => (await up(adminPort)) && (await up(citas)) && (await up(web)), Boolean, { withinMs: 90_000, everyMs: 200 });
      if (!ready) assert.fail(`not every service answers once the restore ended: ${(await start.stop()).output}`);
      if (!(await start.says(/\[start\] abra http/))) assert.fail(`the page is up, yet npm start never said to open it: ${(await start.ended).output}`);
      const stopped = await start.stop();
      assert.equal(stopped.code, 0, stopped.output);
      assert.doesNotMatch(stopped.output, /no respondió/, stopped.output);
      assert.equal(stopped.output.match(/sigue arrancando/g)?.length, 1, stopped.output);
    } finally {
      await start?.stop();
      await relay.close();
    }
  });
});
