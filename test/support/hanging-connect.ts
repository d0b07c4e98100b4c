import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';

/**
 * A port on 127.0.0.1 whose connect never completes: what the web meets
 * when a host silently drops packets (a firewall's DROP, a host gone from
 * the network, a frozen VM). Traffic stays on this machine.
 *
 * How: Linux drops a SYN to a listening socket whose accept queue is full
 * (net.ipv4.tcp_abort_on_overflow=0, the default), and the client keeps
 * retrying it in silence. A net.Server cannot be that socket in this
 * process: libuv accepts every connection as soon as it arrives (a backlog of
 * 0 becomes Node's 511, and pauseOnConnect still accepts). So a worker thread
 * listens with a backlog of 1 and then blocks in Atomics.wait: its loop
 * never turns, nothing is accepted, and the queue is filled here with raw
 * connections before the port is handed out.
 */
export interface HangingConnect {
  url: string;
  port: number;
  close(): Promise<void>;
}

const LISTENER = `
const { parentPort, workerData } = require('node:worker_threads');
const server = require('node:net').createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  Atomics.wait(new Int32Array(workerData), 0, 0);
});`;

/** How long a connect that Linux would complete at once may take on a loaded machine before it counts as hanging. */
const HANG_PROOF_MS = 1000;

/** Resolves once the socket connected, or false when it was still connecting after `ms` (an error rejects). */
function connectsWithin(socket: Socket, ms: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export async function startHangingConnect(): Promise<HangingConnect> {
  const worker = new Worker(LISTENER, { eval: true, workerData: new SharedArrayBuffer(4) });
  worker.unref();
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  // Every socket is kept until close(): one that connected late still holds its place in the queue.
  const filling: Socket[] = [];
  const close = async () => {
    for (const s of filling) s.destroy();
    await worker.terminate();
  };
  try {
    for (;;) {
      if (filling.length === 8) throw new Error(`127.0.0.1:${port} still completed connects with its queue full`);
      const socket = connect(port, '127.0.0.1');
      filling.push(socket);
      if (!(await connectsWithin(socket, HANG_PROOF_MS))) break;
    }
  } catch (err) {
    await close();
    throw new Error(`no port whose connect hangs (needs Linux with net.ipv4.tcp_abort_on_overflow=0): ${(err as Error).message}`);
  }
  for (const s of filling) s.on('error', () => {});
  return { url: `http://127.0.0.1:${port}`, port, close };
}
