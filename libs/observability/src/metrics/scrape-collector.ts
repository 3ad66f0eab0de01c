import { Logger } from '@nestjs/common';
import type { Gauge } from 'prom-client';
import { gauge } from './registry';

/** Sets a scraped gauge's values for one source (one queue, pool or consumer group). */
export type ScrapeSource<L extends string> = (metric: Gauge<L>) => Promise<void> | void;

export interface ScrapedGauge<L extends string> {
  metric: Gauge<L>;
  /** Adds a source; the returned function removes it (on shutdown). */
  add(source: ScrapeSource<L>): () => void;
}

const logger = new Logger('Metrics');
const SCRAPE_COLLECT_TIMEOUT_MS = 2_000;
// On the metric object (not in this module), so a second evaluation of this module shares it.
const SOURCES = Symbol.for('eloquent.metrics.scrapeSources');

type WithSources<L extends string> = Gauge<L> & { [SOURCES]?: Set<ScrapeSource<L>> };

/**
 * A gauge whose values are read when Prometheus scrapes, from every source registered in
 * this process. A source that fails or takes longer than 2 s leaves its series out of that
 * scrape rather than failing `/metrics`.
 */
export function scrapedGauge<L extends string>(config: { name: string; help: string; labelNames: readonly L[] }): ScrapedGauge<L> {
  const metric: WithSources<L> = gauge<L>({
    ...config,
    async collect() {
      this.reset();
      const sources = [...((this as WithSources<L>)[SOURCES] ?? [])];
      await Promise.all(
        sources.map((source) =>
          withTimeout(
            Promise.resolve().then(() => source(this)),
            SCRAPE_COLLECT_TIMEOUT_MS,
          ).catch((error: unknown) => logger.warn({ err: error }, `could not collect ${config.name} for this scrape`)),
        ),
      );
    },
  });
  const sources = (metric[SOURCES] ??= new Set());
  return {
    metric,
    add(source) {
      sources.add(source);
      return () => sources.delete(source);
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
