import { createServer, connect, type Socket } from 'node:net';

export interface TcpProxy {
  /** `http://127.0.0.1:<port>`: the target, reached through the proxy. */
  url: string;
  /** Cuts every open connection at once, as a network drop would; new connections still pass. */
  dropAll(): number;
  close(): Promise<void>;
}

/**
 * A TCP pass-through to `targetUrl`'s host and port, so a test can drop a client's live
 * connections (websocket and all) without the client or the server knowing it is coming.
 */
export function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    open.add(client).add(upstream);
    const forget = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        dropAll: () => {
          const count = open.size;
          for (const socket of open) socket.resetAndDestroy();
          open.clear();
          return count;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const socket of open) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
