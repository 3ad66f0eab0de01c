export * from './bus-exception.filter';
export * from './bus.client';
export * from './bus.module';
export * from './redis-streams.server';
export * from './to-error-body';
export * from './wire';
