export * from './analyze';
export * from './estimate-tokens';
export * from './sentences';
export * from './stem';
export * from './stopwords';
export * from './tokenize';
export * from './markdown-documents';
