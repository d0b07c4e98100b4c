import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { DomainError } from '../../core/domain/errors';
import { Authenticator } from '../../adapters/http/auth';
import { createHttpApp } from '../../adapters/http/create-app';
import { createLogger } from '../../adapters/http/logger';
import { HttpMetrics } from '../../adapters/http/metrics';
import { ok, route, type RouteSpec } from '../../adapters/http/route';

/**
 * How the shell (adapters/http/create-app.ts) finds the route of a request,
 * over real HTTP on a small made-up route list: what express's Router gave
 * the services and they rely on (first declared wins, HEAD served by GET,
 * one trailing slash, exact case, params percent-decoded, 404 and 405 with
 * Allow, metrics labelled by template).
 */

const id = z.strictObject({ id: z.string() });
const echo = (name: string) => ({ params }: { params: unknown }) => ok({ route: name, params });

const ROUTES: RouteSpec[] = [
  route({ method: 'get', path: '/cosas', summary: 'lista', tags: [], roles: 'public', responses: {}, handler: () => ok({ route: 'lista' }) }),
  route({ method: 'post', path: '/cosas', summary: 'alta', tags: [], roles: 'public', responses: {}, handler: () => ok({ route: 'alta' }) }),
  // The literal is declared first, as every service declares its /lote and /disponibilidad.
  route({ method: 'get', path: '/cosas/lote', summary: 'lote', tags: [], roles: 'public', responses: {}, handler: echo('lote') }),
  route({ method: 'get', path: '/cosas/:id', summary: 'una', tags: [], roles: 'public', params: id, responses: {}, handler: echo('una') }),
  route({ method: 'patch', path: '/cosas/:id', summary: 'cambio', tags: [], roles: 'public', params: id, responses: {}, handler: echo('cambio') }),
  route({
    method: 'get',
    path: '/cosas/:id/partes/:parte',
    summary: 'parte',
    tags: [],
    roles: 'public',
    params: z.strictObject({ id: z.string(), parte: z.string() }),
    responses: {},
    handler: echo('parte'),
  }),
  // Here the param is declared first: it takes /dobles/fijo too, as express's Router does.
  route({ method: 'get', path: '/dobles/:x', summary: 'param', tags: [], roles: 'public', params: z.strictObject({ x: z.string() }), responses: {}, handler: echo('param') }),
  route({ method: 'get', path: '/dobles/fijo', summary: 'fijo', tags: [], roles: 'public', responses: {}, handler: echo('fijo') }),
  route({ method: 'post', path: '/solo-post', summary: 'post', tags: [], roles: 'public', responses: {}, handler: () => ok({ route: 'post' }) }),
  route({
    method: 'get',
    path: '/fallos/:id',
    summary: 'falla',
    tags: [],
    roles: 'public',
    params: id,
    responses: {},
    handler: async ({ params }) => {
      throw new DomainError('NO_ENCONTRADO', `No existe ${params.id}.`);
    },
  }),
];

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** node:http, not fetch: fetch would normalise the path (and refuse some) before sending it. */
function raw(base: string, method: string, path: string): Promise<Raw> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        const json = String(res.headers['content-type'] ?? '').includes('json') && text !== '';
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: json ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('the route of a request (create-app.ts)', () => {
  let server: Server;
  let base: string;
  const call = (method: string, path: string) => raw(base, method, path);

  before(async () => {
    const app = createHttpApp({
      info: { title: 'rutas', version: '0', description: 'rutas de prueba' },
      logger: createLogger('rutas', 'silent'),
      routes: ROUTES,
      auth: new Authenticator({ verify: () => Promise.reject(new Error('every test route is public')) }),
      readiness: [],
      bodyLimits: { normal: '100kb' },
      metrics: new HttpMetrics({ processMetrics: false }),
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('a literal declared before a param wins over it, and the param takes the rest', async () => {
    assert.deepEqual((await call('GET', '/cosas/lote')).body, { route: 'lote', params: {} });
    assert.deepEqual((await call('GET', '/cosas/7')).body, { route: 'una', params: { id: '7' } });
  });

  it('where two routes of one method match, the first declared wins (even a param over a later literal)', async () => {
    assert.deepEqual((await call('GET', '/dobles/fijo')).body, { route: 'param', params: { x: 'fijo' } });
  });

  it('routes are chosen by method: PATCH reaches its own route on the same path', async () => {
    assert.deepEqual((await call('PATCH', '/cosas/7')).body, { route: 'cambio', params: { id: '7' } });
    assert.deepEqual((await call('POST', '/cosas')).body, { route: 'alta' });
  });

  it('HEAD is served by the GET route: its status and headers, no body', async () => {
    const res = await call('HEAD', '/cosas/7');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(res.text, '');
    assert.equal((await call('HEAD', '/fallos/3')).status, 404);
  });

  it('HEAD on a path no GET route serves is a 405 that allows what is declared', async () => {
    const res = await call('HEAD', '/solo-post');
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'POST');
  });

  it('one trailing slash is tolerated, two are not; case is exact', async () => {
    assert.deepEqual((await call('GET', '/cosas/7/')).body, { route: 'una', params: { id: '7' } });
    assert.deepEqual((await call('GET', '/cosas/')).body, { route: 'lista' });
    assert.equal((await call('GET', '/cosas/7//')).body.code, 'RUTA_NO_ENCONTRADA');
    assert.equal((await call('GET', '/cosas//')).body.code, 'RUTA_NO_ENCONTRADA');
    assert.equal((await call('GET', '//cosas')).body.code, 'RUTA_NO_ENCONTRADA');
    assert.equal((await call('GET', '/COSAS/7')).body.code, 'RUTA_NO_ENCONTRADA');
    assert.equal((await call('GET', '/cosas/LOTE')).body.route, 'una', 'LOTE is not the literal lote: it is an id');
  });

  it('params are percent-decoded, each on its own (an encoded slash stays inside its param)', async () => {
    const res = await call('GET', '/cosas/a%2Fb%20c/partes/%C3%B1');
    assert.deepEqual(res.body, { route: 'parte', params: { id: 'a/b c', parte: 'ñ' } });
    assert.deepEqual((await call('GET', '/cosas/%6Cote')).body, { route: 'una', params: { id: 'lote' } }, 'literals match the raw path, not the decoded one');
  });

  it('a param that is not valid percent-encoding is the client\'s error: a 400 PARAMETRO_INVALIDO for any method, OPTIONS still answered', async () => {
    for (const [method, path] of [
      ['GET', '/cosas/%E0'],
      ['PUT', '/cosas/%E0'],
      ['GET', '/cosas/7/partes/%zz'],
    ]) {
      const res = await call(method, path);
      assert.equal(res.status, 400, `${method} ${path}`);
      assert.equal(res.body.code, 'PARAMETRO_INVALIDO');
      assert.match(res.body.detail, /codificación/);
    }
    const options = await call('OPTIONS', '/cosas/%E0');
    assert.equal(options.status, 204);
    assert.equal(options.headers.allow, 'OPTIONS, GET, PATCH');
    assert.equal((await call('GET', '/nada/%E0')).body.code, 'RUTA_NO_ENCONTRADA', 'no route matches: nothing is decoded');
  });

  it('a wrong method is a 405 problem with Allow; an unknown path a 404 problem', async () => {
    const wrong = await call('DELETE', '/cosas');
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.allow, 'GET, POST');
    assert.equal(wrong.body.code, 'METODO_NO_PERMITIDO');
    const unknown = await call('GET', '/nada');
    assert.equal(unknown.status, 404);
    assert.match(String(unknown.headers['content-type']), /^application\/problem\+json/);
    assert.equal(unknown.body.code, 'RUTA_NO_ENCONTRADA');
  });

  it("a route's failure reaches the error handler as a problem", async () => {
    const res = await call('GET', '/fallos/3');
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'NO_ENCONTRADO');
    assert.equal(res.body.detail, 'No existe 3.');
  });

  it('metrics label requests by the template that served them, and unmatched ones as (sin ruta)', async () => {
    await call('GET', '/cosas/11');
    await call('GET', '/cosas/12/');
    await call('HEAD', '/cosas/13');
    await call('GET', '/fallos/14');
    await call('GET', '/no/existe/15');
    await call('PUT', '/cosas');
    const text = (await call('GET', '/metrics')).text;
    const count = (labels: string) => sample(text, `http_requests_total{${labels}}`) ?? 0;
    assert.ok(count('method="GET",route="/cosas/:id",status="200"') >= 2);
    assert.ok(count('method="HEAD",route="/cosas/:id",status="200"') >= 1);
    assert.ok(count('method="GET",route="/fallos/:id",status="404"') >= 1);
    assert.ok(count('method="GET",route="(sin ruta)",status="404"') >= 1);
    assert.ok(count('method="PUT",route="(sin ruta)",status="405"') >= 1);
    assert.ok(!/route="\/cosas\/1\d/.test(text), 'no label carries an id');
  });
});
