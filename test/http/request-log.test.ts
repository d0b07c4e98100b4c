import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { problemHandler } from '../../adapters/http/error-handler';
import { createLogger } from '../../adapters/http/logger';
import { requestLog } from '../../adapters/http/request-log';
import { StorageUnavailableError } from '../../adapters/storage/storage-unavailable';
import { DependencyUnavailableError } from '../../core/domain/errors';
import { eventually } from '../support/eventually';

/** A service shell with only the request log, whose lines are kept in memory. */
async function withLoggedApp(run: (url: string, lines: () => Record<string, unknown>[]) => Promise<void>): Promise<void> {
  const written: string[] = [];
  const logger = createLogger('prueba', 'info', { write: (line: string) => void written.push(line) });
  const app = express();
  app.use(requestLog(app, logger));
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/admin/doctores/:id', (req, res) => {
    req.log.info({ password: 'Secreta2026', token: 'eyJ.secreto' }, 'lo que logra un handler');
    res.json({ id: req.params.id });
  });
  app.get('/roto', (_req, res) => void res.status(500).json({ code: 'ERROR_INTERNO' }));
  // What a storage adapter throws when another process holds the SQLite file's write lock too long.
  const busy = Object.assign(new Error('database is locked'), { name: 'SqliteError', code: 'SQLITE_BUSY' });
  app.get('/sin-base', () => {
    throw new StorageUnavailableError(busy);
  });
  app.get('/sin-admin', () => {
    throw new DependencyUnavailableError('El servicio de administración tarda demasiado en responder. Inténtelo de nuevo en breve.');
  });
  app.use(problemHandler());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, () => written.map((l) => JSON.parse(l)));
  } finally {
    server.close();
  }
}

/** The line is written when the response closes, just after the client has the answer: wait until it is there. */
const lineSaying = async (lines: () => Record<string, unknown>[], msg: string) =>
  (await eventually(async () => lines(), (ls) => ls.some((l) => l.msg === msg))).find((l) => l.msg === msg);

describe('the request log: one JSON line per request, nothing of the caller’s credentials or data', () => {
  it('logs method, path without the query, status and time under the request id it sends back', async () => {
    await withLoggedApp(async (url, lines) => {
      const res = await fetch(`${url}/admin/doctores/7?telefono=600123123`, { headers: { authorization: 'Bearer eyJ.secreto', 'x-request-id': 'pedido-42' } });
      assert.equal(res.headers.get('x-request-id'), 'pedido-42');
      const line = await lineSaying(lines, 'GET /admin/doctores/7 200');
      assert.ok(line, JSON.stringify(lines()));
      assert.equal(line.level, 30);
      assert.equal(line.reqId, 'pedido-42');
      assert.deepEqual(line.req, { id: 'pedido-42', method: 'GET', path: '/admin/doctores/7' });
      assert.deepEqual(line.res, { status: 200 });
      assert.equal(typeof line.ms, 'number');
      const all = JSON.stringify(lines());
      for (const secret of ['600123123', 'eyJ.secreto', 'Secreta2026']) assert.ok(!all.includes(secret), `${secret} reached the log`);
    });
  });

  it('still redacts what a handler logs through req.log, under the same request id', async () => {
    await withLoggedApp(async (url, lines) => {
      await fetch(`${url}/admin/doctores/8`, { headers: { 'x-request-id': 'pedido-43' } });
      await lineSaying(lines, 'GET /admin/doctores/8 200');
      const line = lines().find((l) => l.msg === 'lo que logra un handler');
      assert.equal(line?.reqId, 'pedido-43');
      assert.equal(line?.password, '[oculto]');
      assert.equal(line?.token, '[oculto]');
    });
  });

  it('says once, under the request id, why a 503 was answered: which dependency, and the kind of failure underneath', async () => {
    await withLoggedApp(async (url, lines) => {
      const db = await fetch(`${url}/sin-base`, { headers: { 'x-request-id': 'pedido-44' } });
      assert.equal(db.status, 503);
      assert.equal(db.headers.get('retry-after'), '5');
      const admin = await fetch(`${url}/sin-admin`, { headers: { 'x-request-id': 'pedido-45' } });
      assert.equal(admin.status, 503);
      await lineSaying(lines, 'GET /sin-base 503');
      await lineSaying(lines, 'GET /sin-admin 503');
      const why = (id: string) => lines().filter((l) => l.reqId === id && !String(l.msg).startsWith('GET '));
      assert.deepEqual(
        why('pedido-44').map((l) => [l.level, l.msg, l.code, l.errorType, l.errorCode]),
        [[40, 'La base de datos no responde ahora. Vuelva a intentarlo en unos segundos.', 'SERVICIO_NO_DISPONIBLE', 'SqliteError', 'SQLITE_BUSY']],
      );
      assert.deepEqual(
        why('pedido-45').map((l) => [l.level, l.msg, l.code]),
        [[40, 'El servicio de administración tarda demasiado en responder. Inténtelo de nuevo en breve.', 'SERVICIO_NO_DISPONIBLE']],
      );
      assert.ok(!JSON.stringify(lines()).includes('database is locked'), 'the driver\'s message stays out of the log');
    });
  });

  it('logs a 5xx at error level, skips probes, and replaces an insane request id with a new one', async () => {
    await withLoggedApp(async (url, lines) => {
      await fetch(`${url}/health`);
      const res = await fetch(`${url}/roto`, { headers: { 'x-request-id': 'no vale; otro' } });
      const id = res.headers.get('x-request-id') ?? '';
      assert.match(id, /^[0-9a-f-]{36}$/);
      await lineSaying(lines, 'GET /roto 500');
      assert.deepEqual(
        lines().map((l) => [l.msg, l.level, l.reqId]),
        [['GET /roto 500', 50, id]],
      );
    });
  });
});
