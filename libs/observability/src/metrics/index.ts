export * from './http-metrics';
export * from './metrics.module';
export * from './postgres-pool-metrics';
export * from './registry';
export * from './scrape-collector';
