import { Module, type DynamicModule } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';

/**
 * How often the event-loop delay histogram (`eloquent_nodejs_eventloop_lag_p50_seconds` …)
 * samples the loop. prom-client's default, 10 ms, is a timer waking every service 100 times a
 * second whether it has work or not (~4 ms of CPU a second per process, idle or between
 * answers: docs/performance.md, "Idle CPU"); at 50 ms any stall of 50 ms or more is still
 * always seen, and a 15-s scrape still holds ~300 samples.
 */
export const EVENT_LOOP_SAMPLE_MS = 50;

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
          defaultMetrics: {
            enabled: !register.getSingleMetric('eloquent_process_start_time_seconds'),
            config: { prefix: 'eloquent_', eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS },
          },
        }),
      ],
    };
  }
}
