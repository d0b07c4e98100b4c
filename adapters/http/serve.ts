import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Express } from 'express';
import type { ServerLimits } from '../config/env';
import { ConfigError } from '../config/env';
import { StartRefusal } from '../config/start-refusal';
import { errorSummary } from './logger';
import { DomainError } from '../../core/domain/errors';
import { HttpError, toProblem } from './problem';

/** A service started in this process (tests, benchmarks and main.ts use it). */
export interface RunningService {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A port held for a service still starting: its requests are answered 503
 * with Retry-After (answerStarting) until `serve(app)`.
 */
export interface HeldPort {
  server: Server;
  /** Starts answering with `app`. */
  serve(app: Express): void;
  /** Lets the port go, kept-alive connections and all: the start failed after listening. */
  release(): Promise<void>;
}

/**
 * Listens before the service opens or writes anything (its database, its
 * keys, its first admin): a start that cannot listen (the port taken by a
 * second `npm start`) must leave no state behind, and checking the port
 * first instead would leave a window for another process to take it. The
 * service then opens what it needs and calls `serve(app)`.
 *
 * Answers what Node rejects before express sees it (headers
 * over 16 KB, a request line it cannot parse, an Expect other than
 * 100-continue) with problem JSON too, instead of an empty 431/400/417.
 *
 * A slow client cannot hold a connection: the headers must arrive within
 * `headersTimeoutMs` and the whole request within `requestTimeoutMs` (408
 * and closed otherwise; Node's own default is 300 s), checked every second;
 * an idle kept-alive connection closes after `keepAliveTimeoutMs`; beyond
 * `maxConnections` open sockets a new one is closed at once, so descriptors
 * cannot run out.
 */
export function listen(port: number, host: string, limits: ServerLimits, settings: ListenSettings): Promise<HeldPort> {
  let app: Express | undefined;
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    (req, res) => (app ? app(req, res) : answerStarting(res)),
  );
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => answerClientError(err, socket));
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => answerUnmetExpectation(res));
  const held: HeldPort = {
    server,
    serve(ready) {
      app = ready;
    },
    release: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return new Promise((resolve, reject) => {
    const refuse = (err: NodeJS.ErrnoException) => reject(listenRefusal(err, port, host, settings));
    server.once('error', refuse);
    server.listen(port, host, () => {
      server.off('error', refuse);
      // Tells npm start (scripts/start-all.js) that this service's settings were accepted and its port is taken:
      // when another service is refused at start, npm start waits for this (or the end) before stopping the rest,
      // so every refusal is said in one start, not one per attempt.
      // (A channel closed meanwhile, npm start gone, is no error here: the callback takes it.)
      if (process.connected) process.send?.('listening', undefined, undefined, () => {});
      resolve(held);
    });
  });
}

/** The settings a service's port and address come from (ADMIN_PORT, ADMIN_HOST), for the operator's message when it cannot listen. */
export interface ListenSettings {
  port: string;
  host: string;
}

/** What the operator can do about a failed listen, naming the setting; other failures are passed on as they are. */
function listenRefusal(err: NodeJS.ErrnoException, port: number, host: string, settings: ListenSettings): Error {
  switch (err.code) {
    case 'EADDRINUSE':
      return new StartRefusal(
        `el puerto ${port} (${settings.port}) ya está en uso en ${host}: otro proceso escucha en él (¿otro npm start, o uno anterior que sigue en marcha?). Deténgalo o elija otro puerto con ${settings.port}.`,
      );
    case 'EACCES':
      return new StartRefusal(`este usuario no puede escuchar en el puerto ${port} (${settings.port}): elija otro puerto, desde 1024, con ${settings.port}.`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartRefusal(`no se puede escuchar en ${host} (${settings.host}): no es una dirección de esta máquina. Use 0.0.0.0 (todas) o 127.0.0.1 (solo esta máquina) en ${settings.host}.`);
    default:
      return err;
  }
}

function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  if (!socket.writable || !(timedOut || err.code?.startsWith('HPE_'))) {
    socket.destroy();
    return;
  }
  const { status, body } = timedOut
    ? toProblem(new HttpError('PETICION_LENTA', 'La petición no llegó completa a tiempo.'))
    : err.code === 'HPE_HEADER_OVERFLOW'
      ? toProblem(new HttpError('CABECERAS_DEMASIADO_GRANDES', 'Las cabeceras o la URL superan el tamaño máximo permitido (16 KB).'))
      : toProblem(new HttpError('PARAMETRO_INVALIDO', 'La petición HTTP no se pudo interpretar.'));
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
  // A client too slow to send is not waited for to read either.
  socket.destroySoon();
}

/**
 * A request to a service that holds its port but is still starting (its
 * database opening, a restore or a migration lock waited for: minutes, at
 * worst): answered at once, with when to ask again, instead of held that long.
 */
function answerStarting(res: ServerResponse): void {
  const { status, body } = toProblem(new DomainError('SERVICIO_NO_DISPONIBLE', 'El servicio está arrancando; vuelva a intentarlo en unos segundos.'));
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/problem+json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Retry-After': '1' });
  res.end(text);
}

/**
 * Node answers an Expect other than 100-continue itself, with an empty 417,
 * unless someone listens: the same answer, as problem JSON. The body, if
 * any, is not read: the connection closes after the answer.
 */
function answerUnmetExpectation(res: ServerResponse): void {
  const { status, body } = toProblem(new HttpError('EXPECTATIVA_NO_SOPORTADA', 'La cabecera Expect solo admite 100-continue; envíe la petición sin ella.'));
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/problem+json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), Connection: 'close' });
  res.end(text);
}

/** The URL a client on this machine uses to reach the service. */
export function localUrl(server: Server, host: string): { url: string; port: number } {
  const port = (server.address() as AddressInfo).port;
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return { url: `http://${reachable}:${port}`, port };
}

/**
 * Stops accepting connections and lets in-flight requests finish (up to
 * `timeoutMs`, then cuts them). A kept-alive connection is closed as soon as
 * its request is answered, so clients do not hold the process open.
 */
export function drain(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const timer = setTimeout(() => {
      server.closeAllConnections();
      finish();
    }, timeoutMs);
    let done = false;
    function finish() {
      if (done) return;
      done = true;
      clearInterval(sweep);
      clearTimeout(timer);
      resolve();
    }
    sweep.unref();
    timer.unref();
    server.close(() => finish());
    server.closeIdleConnections();
  });
}

/**
 * main.ts of each app: start, then drain and exit on SIGTERM / SIGINT, or
 * once `npm start` is gone without stopping it.
 */
export async function runUntilSignalled(name: string, start: () => Promise<RunningService>): Promise<void> {
  // npm start (scripts/start-all.js) opens a channel to each service for this alone. It runs them in process groups
  // of their own, so that a Ctrl-C reaches it alone and it stops them in order; killed outright (kill -9, the OOM
  // killer) it cannot, and they would run on, holding their ports. Its end closes the channel. Read before the start,
  // which the channel may close during.
  const startedByNpmStart = process.channel !== undefined;
  const service = await start();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ service: name, msg: `${signal}: draining` }));
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (startedByNpmStart) {
    if (process.connected) process.once('disconnect', () => stop('npm start ended'));
    else stop('npm start ended');
  }
}

/**
 * main.ts of each app, when the start failed: a StartRefusal's or a
 * ConfigError's message alone (the operator's words: a setting found unusable
 * once tried, as a database URL is, reads like one found wrong in the
 * environment), anything else its message and kind; never a stack.
 */
export function exitOnStartFailure(name: string, err: unknown): never {
  if (err instanceof StartRefusal || err instanceof ConfigError) console.error(err.message);
  else console.error(err instanceof Error ? err.message : `${name} service failed to start`, errorSummary(err));
  process.exit(1);
}
