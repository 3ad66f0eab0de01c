// The part of this lib that runs outside NestJS: request context (correlation ids) and metric
// declarations on prom-client. The published @eloquent/bus client bundles this file instead of
// the whole lib (tools/build-packages.mjs).
export * from './request-context';
export * from './metrics/registry';
