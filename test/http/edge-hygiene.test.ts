import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startTestAdmin } from '../support/admin';

/** What Node or express would answer on their own, outside any route: still problem JSON. */
interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(base: string, method: string, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP edge outside the declared routes', () => {
  let admin: Awaited<ReturnType<typeof startTestAdmin>>;
  before(async () => {
    admin = await startTestAdmin();
  });
  after(async () => {
    await admin?.close();
  });

  it('answers OPTIONS on a route with 204 and the methods it allows, not express text', async () => {
    const res = await raw(admin.url, 'OPTIONS', '/admin/doctores');
    assert.equal(res.status, 204);
    assert.deepEqual(String(res.headers.allow).split(', ').sort(), ['GET', 'OPTIONS', 'POST']);
    assert.equal(res.body, '');
  });

  it('answers OPTIONS on an unknown path with a 404 problem', async () => {
    const res = await raw(admin.url, 'OPTIONS', '/no-existe');
    assert.equal(res.status, 404);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.equal(JSON.parse(res.body).code, 'RUTA_NO_ENCONTRADA');
  });

  it('answers headers over the limit with a 431 problem instead of an empty reply', async () => {
    const res = await raw(admin.url, 'GET', '/health', { 'x-relleno': 'x'.repeat(20_000) });
    assert.equal(res.status, 431);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const body = JSON.parse(res.body);
    assert.equal(body.code, 'CABECERAS_DEMASIADO_GRANDES');
    assert.equal(body.status, 431);
  });

  it('answers an Expect it cannot meet (anything but 100-continue) with a 417 problem instead of an empty reply', async () => {
    for (const path of ['/health', '/admin/doctores']) {
      const res = await raw(admin.url, 'GET', path, { expect: 'algo-raro' });
      assert.equal(res.status, 417, path);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/, path);
      const body = JSON.parse(res.body);
      assert.equal(body.code, 'EXPECTATIVA_NO_SOPORTADA');
      assert.equal(body.status, 417);
      assert.match(body.detail, /Expect/);
    }
  });
});
