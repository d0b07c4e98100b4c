import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startTestAdmin, type TestAdmin } from '../support/admin';

/**
 * Abuse limits (contract, "Accounts, abuse limits", issue 12): what one
 * unauthenticated client can make the services do. Each attack is bounded in
 * count and time, runs against 127.0.0.1 only, and is judged by counting
 * (password checks performed, requests refused) rather than by timings; the
 * latency a normal user sees meanwhile is measured and printed.
 */

async function login(admin: TestAdmin, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${admin.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { code?: string };
  return { status: res.status, code: answer.code };
}

describe('TRUST_PROXY: the client cannot choose its address', () => {
  let admin: TestAdmin;
  before(async () => {
    admin = await startTestAdmin({ TRUST_PROXY: '1', LOGIN_MAX_FAILURES_PER_ADDRESS: '3' });
  });
  after(() => admin.close());

  it('behind one proxy, the address is the one that proxy appended: forged left-most entries do not reset the throttle', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      // What a client sends through one proxy: its own (forged) entries, then the address the proxy saw.
      const forwarded = `198.51.100.${i}, 203.0.113.9`;
      statuses.push((await login(admin, { username: `nadie${i}`, password: 'Nada-2026x' }, { 'x-forwarded-for': forwarded })).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
    // Another real client behind the same proxy is not blocked by that.
    assert.equal((await login(admin, { username: 'nadie', password: 'Nada-2026x' }, { 'x-forwarded-for': '203.0.113.10' })).status, 401);
  });
});

/** A raw connection to the service, to behave as no well-mannered client does. */
function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** What the server did with a socket within `deadlineMs`: when it closed it (ms after `since`), and what it answered. */
function closedWithin(socket: Socket, since: number, deadlineMs: number): Promise<{ closedAfterMs?: number; answer: string }> {
  return new Promise((resolve) => {
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => undefined);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ answer });
    }, deadlineMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ closedAfterMs: Date.now() - since, answer });
    });
  });
}

/** Writes one byte of `text` every `everyMs` until it is all sent or the socket closes. */
function trickle(socket: Socket, text: string, everyMs: number): () => void {
  let i = 0;
  const timer = setInterval(() => {
    if (i >= text.length || socket.destroyed) return clearInterval(timer);
    socket.write(text[i++]);
  }, everyMs);
  return () => clearInterval(timer);
}

describe('slow clients cannot hold connections', () => {
  let admin: TestAdmin;
  const REQUEST_TIMEOUT_MS = 1500;
  const HEADERS_TIMEOUT_MS = 1000;
  const MAX_CONNECTIONS = 8;
  before(async () => {
    admin = await startTestAdmin({
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HTTP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
    });
  });
  after(() => admin.close());

  it('a body trickled one byte at a time is cut with 408 once the request timeout passes', async () => {
    const socket = await open(admin.url);
    const since = Date.now();
    const body = JSON.stringify({ username: 'lento', password: 'Lento-2026-x' });
    socket.write(`POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    const stop = trickle(socket, body, 250); // ~12 s for the whole body: it never completes before the deadline
    const seen = await closedWithin(socket, since, 10_000);
    stop();
    console.log(`  trickled body: socket closed after ${seen.closedAfterMs ?? 'más de 10000'} ms (HTTP_REQUEST_TIMEOUT_MS=${REQUEST_TIMEOUT_MS})`);
    assert.ok(seen.closedAfterMs !== undefined, 'the server still held the socket at the 10 s deadline');
    assert.match(seen.answer, /^HTTP\/1\.1 408/);
  });

  it('headers trickled one byte at a time are cut once the headers timeout passes', async () => {
    const socket = await open(admin.url);
    const since = Date.now();
    socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const stop = trickle(socket, `X-Relleno: ${'x'.repeat(200)}\r\n\r\n`, 100);
    const seen = await closedWithin(socket, since, 10_000);
    stop();
    console.log(`  trickled headers: socket closed after ${seen.closedAfterMs ?? 'más de 10000'} ms (HTTP_HEADERS_TIMEOUT_MS=${HEADERS_TIMEOUT_MS})`);
    assert.ok(seen.closedAfterMs !== undefined, 'the server still held the socket at the 10 s deadline');
  });

  it(`holds at most HTTP_MAX_CONNECTIONS sockets: the rest are closed at once, and service resumes when the slow ones are cut`, async () => {
    const since = Date.now();
    const sockets = await Promise.all(Array.from({ length: 3 * MAX_CONNECTIONS }, () => open(admin.url)));
    for (const s of sockets) s.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // never finished
    const outcomes = await Promise.all(sockets.map((s) => closedWithin(s, since, 10_000)));
    const closedAtOnce = outcomes.filter((o) => o.closedAfterMs !== undefined && o.closedAfterMs < HEADERS_TIMEOUT_MS / 2).length;
    const heldOpen = outcomes.filter((o) => o.closedAfterMs === undefined).length;
    console.log(`  ${sockets.length} idle sockets: ${closedAtOnce} closed at once, ${sockets.length - closedAtOnce - heldOpen} cut by the headers timeout, ${heldOpen} still open at 10 s`);
    assert.equal(heldOpen, 0, 'every slow socket is closed');
    assert.ok(closedAtOnce >= sockets.length - MAX_CONNECTIONS, `only ${closedAtOnce} refused at once`);
    const res = await fetch(`${admin.url}/health`);
    assert.equal(res.status, 200);
  });
});
