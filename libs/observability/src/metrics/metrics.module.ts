import { Module, type DynamicModule } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';

/**
 * `GET /metrics` on every service (`@willsoto/nestjs-prometheus`: prom-client's global
 * registry with the process metrics, prefixed `eloquent_`). Every series carries
 * `service="<name>"`, so dashboards and alerts select a service the same way in compose
 * and Kubernetes whatever the scrape job is called. Catalogue: docs/observability.md.
 */
@Module({})
export class MetricsModule {
  static forRoot(options: { service: string }): DynamicModule {
    return {
      module: MetricsModule,
      imports: [
        PrometheusModule.register({
          path: '/metrics',
          defaultLabels: { service: options.service },
          // Once per process: several Nest apps in one test process share the global registry.
          defaultMetrics: { enabled: !register.getSingleMetric('eloquent_process_start_time_seconds'), config: { prefix: 'eloquent_' } },
        }),
      ],
    };
  }
}
