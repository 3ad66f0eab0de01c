import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createBlockingRedis, createRedis } from '@eloquent/redis';
import type Redis from 'ioredis';
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
import type { GatewayConfig } from './config';

/**
 * socket.io with our limits (message size cap, CORS allow-list with credentials for the
 * cookie) and the Redis adapter, so rooms and broadcasts span every gateway replica. The
 * adapter's pub/sub channels start with REDIS_PREFIX like every key.
 */
export class GatewaySocketAdapter extends IoAdapter {
  private readonly clients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: GatewayConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: this.config.MAX_PAYLOAD_BYTES,
      // Websocket first; long-polling stays available for networks that block websockets
      // (it needs sticky sessions across replicas, see docs/gateway.md).
      transports: ['websocket', 'polling'],
      // Serves node_modules/socket.io/client-dist at /socket.io/socket.io.min.js for the demo page.
      serveClient: true,
      cors: { origin: this.config.CORS_ORIGINS.length ? this.config.CORS_ORIGINS : false, credentials: true },
      // CORS does not cover websockets: without this, any site could open a socket that
      // carries the visitor's cookie (cross-site websocket hijacking).
      allowRequest: (req: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) =>
        callback(null, originAllowed(req.headers.origin, req.headers.host, this.config.CORS_ORIGINS)),
    }) as Server;
    const pub = createRedis(this.config.REDIS_URL, 'gateway-socket-pub');
    const sub = createBlockingRedis(this.config.REDIS_URL, 'gateway-socket-sub');
    this.clients.push(pub, sub);
    server.adapter(createAdapter(pub, sub, { key: `${this.config.REDIS_PREFIX}socket.io` }));
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all(this.clients.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

/** Browsers send Origin; other clients (servers, the CLI) do not and are let through. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: string[]): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
