export { BrokenCircuitError, TaskCancelledError } from 'cockatiel';
export * from './resilient-call';
export * from './transient-errors';
