import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  url: string;
  /** Stops listening and drops kept-alive connections, so the test's process can end. */
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1, on a port the system picks (or on `port`: a
 * fake service that comes back where it was after a crash): a fake service
 * for a client under test.
 */
export async function listenOnLoopback(handler: RequestListener, port = 0): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
