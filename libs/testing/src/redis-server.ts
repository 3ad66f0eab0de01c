import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

export interface OwnRedis {
  /** A `redis://` URL, or with `unixSocket` the socket's path (both are REDIS_URL forms). */
  url: string;
  /** The TCP port (0 with `unixSocket`: no TCP listener). */
  port: number;
  /**
   * Shuts the server down (saving its data first, as a restart with persistence would), so
   * every client sees its connection drop and its reconnects refused until `start()`.
   */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the data it had. */
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  close(): Promise<void>;
}

/**
 * A `redis-server` of the test's own on a free port, for tests that stop and restart Redis
 * (the shared one on 6379 must never be stopped), or with `unixSocket` listening only on a
 * Unix socket in its temporary directory, where its data lives too.
 */
export async function startOwnRedis(options: { unixSocket?: boolean } = {}): Promise<OwnRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'eloquent-redis-'));
  const socket = join(dir, 'redis.sock');
  const port = options.unixSocket ? 0 : await freePort();
  const url = options.unixSocket ? socket : `redis://127.0.0.1:${port}`;
  const listen = options.unixSocket ? ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700'] : ['--port', String(port), '--bind', '127.0.0.1'];
  let child: ChildProcess | undefined;

  const start = async () => {
    const started = spawn('redis-server', [...listen, '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: 'ignore',
    });
    child = started;
    await waitFor(
      'redis-server to accept connections',
      async () => {
        if (started.exitCode !== null) throw new Error(`redis-server exited with code ${started.exitCode}`);
        const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          probe.disconnect();
        }
      },
      10_000,
      50,
    );
  };

  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    const admin = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    // SHUTDOWN SAVE: the data survives the restart (the server has no periodic saves).
    await admin.call('SHUTDOWN', 'SAVE').catch(() => undefined);
    admin.disconnect();
    await exited;
  };

  await start();
  return {
    url,
    port,
    stop,
    start,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
