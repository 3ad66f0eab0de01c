export * from './free-port';
export * from './test-database';
export * from './test-redis';
export * from './wait-for';
export * from './test-stack';
export * from './socket-client';
