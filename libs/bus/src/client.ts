/**
 * The entry of the published `@eloquent/bus` package: the typed request/reply client and
 * the wire format, for services outside this monorepo (no NestJS). The transporter for
 * NestJS services (RedisStreamsServer, BusModule) stays in this repository's index.ts.
 */
export { BusClient, type BusClientOptions } from './bus.client';
export { toErrorBody } from './to-error-body';
export * from './wire';
