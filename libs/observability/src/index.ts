export * from './correlation.middleware';
export * from './health.module';
export * from './logging.module';
export * from './metrics';
export * from './postgres-check';
export * from './redis-check';
export * from './request-context';
