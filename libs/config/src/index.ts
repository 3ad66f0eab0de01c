export * from './common-env';
export * from './load-config';
export * from './dot-env';
export * from './rate-limit-spec';

/** Nest injection token of the validated config object of the running service. */
export const APP_CONFIG = Symbol('APP_CONFIG');
