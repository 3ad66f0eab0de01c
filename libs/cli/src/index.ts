export * from './args';
export * from './progress';
