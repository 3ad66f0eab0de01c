import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RedisStreamsServer } from '@eloquent/bus';
import { ConfigError, loadDotEnv, type CommonEnv } from '@eloquent/config';
import { correlationMiddleware, httpMetricsMiddleware } from '@eloquent/observability';
import { Logger } from 'nestjs-pino';
import { checkConnections, describeBootError, logBootFailure } from './boot-failure';
import { TransportExceptionFilter } from './transport-exception.filter';

export interface StartServiceOptions {
  service: string;
  module: unknown;
  config: CommonEnv & { PORT: number };
  /** Whether this service serves bus requests (every service but the gateway). */
  servesBus: boolean;
  /**
   * Work the service still does for bus requests it already answered (chat: answers being
   * written), counted against the bus's per-replica limit before it reads more.
   */
  busLoad?: (app: INestApplication) => () => number;
  /** Most bus requests (plus `busLoad`) one replica handles at once; default 256. */
  busConcurrency?: number;
  /** Extra HTTP setup (middleware, CORS…) before listening. */
  configure?: (app: INestApplication) => void | Promise<void>;
}

/**
 * Boots one Eloquent service: pino logging, the HTTP server (health, metrics, and the
 * public API on the gateway), the Redis Streams bus server, and graceful shutdown —
 * on SIGTERM the bus stops taking requests, in-flight work drains, then connections close.
 */
export async function startService(options: StartServiceOptions): Promise<INestApplication> {
  // abortOnError false: a failing module init rejects here (runService logs it as one JSON
  // line) instead of Nest printing its own stack trace and exiting.
  const app = await NestFactory.create(options.module as never, { bufferLogs: true, abortOnError: false });
  app.use(httpMetricsMiddleware);
  app.use(correlationMiddleware);
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new TransportExceptionFilter());
  if (options.servesBus) {
    const bus = new RedisStreamsServer({
      redisUrl: options.config.REDIS_URL,
      prefix: options.config.REDIS_PREFIX,
      service: options.service,
      drainMs: options.config.SHUTDOWN_GRACE_MS,
      concurrency: options.busConcurrency,
      load: options.busLoad?.(app),
    });
    // At SIGTERM the replica stops reading requests at once, so the others take the new
    // ones; Nest runs the services' drains (e.g. answers in progress) before it closes
    // transports, and a replica still reading during its drain would take requests it
    // then has to cut (docs/failure-modes.md).
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void bus.stopReading());
    app.connectMicroservice({ strategy: bus }, { inheritAppConfig: true });
  }
  app.enableShutdownHooks();
  await options.configure?.(app);
  await app.startAllMicroservices();
  await app.listen(options.config.PORT);
  app.get(Logger).log(`${options.service} listening on :${options.config.PORT}`);
  return app;
}

/**
 * Entry point of every service's `main.ts`: reads .env when present (libs/config loadDotEnv),
 * builds the options (config is validated there, once), checks that Postgres and Redis answer,
 * and starts. A bad setting or an unreachable dependency at boot exits 1 with one JSON line
 * naming the setting (and the address it tried) instead of an unhandled rejection.
 */
export function runService(options: () => StartServiceOptions): void {
  const fail = (service: string, error: unknown) => {
    logBootFailure(service, describeBootError(service, error));
    process.exit(1);
  };
  let resolved: StartServiceOptions;
  try {
    loadDotEnv();
    resolved = options();
  } catch (error) {
    return fail(error instanceof ConfigError ? error.service : 'service', error);
  }
  const { service, config } = resolved;
  checkConnections(service, config as { DATABASE_URL?: string; REDIS_URL?: string })
    .then(async (failure) => {
      if (failure) {
        logBootFailure(service, failure);
        process.exit(1);
      }
      await startService(resolved);
    })
    .catch((error: unknown) => fail(service, error));
}
