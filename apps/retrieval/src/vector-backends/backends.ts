import type { VectorBackendName } from '../config';
import { memoryVectorBackend } from './memory/memory-vector-backend';
import { pineconeVectorBackend } from './pinecone/pinecone-backend-definition';
import type { VectorBackendDefinition } from './vector-backend';

/**
 * Every vector backend by its VECTOR_BACKEND name: with VECTOR_BACKEND_NAMES in config.ts, the one place a new
 * backend (a folder under vector-backends/ exporting a VectorBackendDefinition) is listed.
 */
export const VECTOR_BACKENDS: Record<VectorBackendName, VectorBackendDefinition> = {
  memory: memoryVectorBackend,
  pinecone: pineconeVectorBackend,
};
