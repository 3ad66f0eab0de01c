import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from './free-port';

export interface TcpProxy {
  port: number;
  /** `http://127.0.0.1:<port>`: the target, reached through the proxy. */
  url: string;
  /** Cuts every open connection at once, as a network drop would; new connections still pass. Returns how many were cut. */
  dropAll(): number;
  /** Cuts the link: open connections are reset and new ones refused, as if the server went away. */
  cut(): Promise<void>;
  /** Accepts and forwards connections again. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a server, so a test can break the network between a client and
 * that server without either knowing it is coming: drop the live connections (a socket.io
 * client's websocket), or make the server unreachable for one service — cut its connections
 * and refuse new ones — without stopping the server, which other tests share (Postgres).
 */
export async function startTcpProxy(target: string | { host: string; port: number }): Promise<TcpProxy> {
  const { host, port: targetPort } = typeof target === 'string' ? { host: new URL(target).hostname, port: Number(new URL(target).port) } : target;
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const listening = createServer((client) => {
        const upstream = connect(targetPort, host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => {
        server = listening;
        resolve();
      });
    });

  const dropAll = () => {
    const count = sockets.size;
    for (const socket of sockets) socket.resetAndDestroy();
    sockets.clear();
    return count;
  };
  const cut = async () => {
    const closing = server;
    server = undefined;
    dropAll();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };

  await listen();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    dropAll,
    cut,
    restore: async () => {
      if (!server) await listen();
    },
    close: cut,
  };
}
