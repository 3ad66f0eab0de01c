import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { ServerOptions } from 'socket.io';
import type { GatewayConfig } from './config';

/** socket.io with our limits: message size cap, CORS allow-list with credentials (the cookie). */
export class GatewaySocketAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: GatewayConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions) {
    return super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: this.config.MAX_PAYLOAD_BYTES,
      transports: ['websocket', 'polling'],
      cors: { origin: this.config.CORS_ORIGINS.length ? this.config.CORS_ORIGINS : false, credentials: true },
    });
  }
}
