import { Controller, Get, Header, Module } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';

let defaultMetricsStarted = false;

/** Prometheus text format of every metric registered in this process. */
@Controller('metrics')
class MetricsController {
  @Get()
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}

/** `GET /metrics` on every service: process metrics plus whatever the service registers (prom-client's global registry). */
@Module({ controllers: [MetricsController] })
export class MetricsModule {
  constructor() {
    if (!defaultMetricsStarted) {
      collectDefaultMetrics({ prefix: 'eloquent_' });
      defaultMetricsStarted = true;
    }
  }
}
