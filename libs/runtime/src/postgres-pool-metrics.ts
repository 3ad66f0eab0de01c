import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { watchPostgresPool } from '@eloquent/observability';
import { DataSource } from 'typeorm';

/** Reports the service's Postgres pool (total, idle, waiting) on every scrape. */
@Injectable()
export class PostgresPoolMetrics implements OnModuleInit, OnApplicationShutdown {
  private stop?: () => void;

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.stop = watchPostgresPool(this.dataSource);
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }
}
