import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BusModule } from '@eloquent/bus';
import { APP_CONFIG, type CommonEnv } from '@eloquent/config';
import { LoggingModule, MetricsModule } from '@eloquent/observability';
import { RedisModule } from '@eloquent/redis';
import { migrate, postgresOptions, type ServiceDatabaseOptions } from './database';
import { PostgresPoolMetrics } from './postgres-pool-metrics';

export interface ServiceCoreOptions {
  service: string;
  config: CommonEnv;
  /** Whether the service calls other services over the bus. */
  busClient: boolean;
  /** The service's Postgres schema, migrated at boot when `migrateOnBoot`. */
  database?: { options: ServiceDatabaseOptions; migrateOnBoot: boolean };
}

/**
 * What every service module starts with: its validated config (APP_CONFIG), pino
 * logging, Prometheus `/metrics`, the shared Redis connection, and — where used — the bus client and Postgres.
 */
@Module({})
export class ServiceCoreModule {
  static forRoot({ service, config, busClient, database }: ServiceCoreOptions): DynamicModule {
    return {
      module: ServiceCoreModule,
      global: true,
      imports: [
        LoggingModule.forRoot({ service, level: config.LOG_LEVEL }),
        MetricsModule.forRoot({ service }),
        RedisModule.forRoot({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, name: service }),
        ...(busClient
          ? [BusModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, name: service, defaultTimeoutMs: config.BUS_TIMEOUT_MS })]
          : []),
        ...(database
          ? [
              TypeOrmModule.forRootAsync({
                useFactory: async () => {
                  if (database.migrateOnBoot) await migrate(database.options);
                  return postgresOptions(database.options);
                },
              }),
            ]
          : []),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }, ...(database ? [PostgresPoolMetrics] : [])],
      exports: [APP_CONFIG],
    };
  }
}
