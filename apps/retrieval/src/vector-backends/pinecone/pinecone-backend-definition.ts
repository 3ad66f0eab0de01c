import { VECTOR_BACKEND, type VectorBackendDefinition } from '../vector-backend';
import { PineconeSync } from './pinecone-sync';
import { PineconeVectorBackend } from './pinecone-vector-backend';

/** Pinecone: the backend that answers queries, and the sync that mirrors the change log into it. */
export const pineconeVectorBackend: VectorBackendDefinition = {
  name: 'pinecone',
  providers: [PineconeVectorBackend, PineconeSync, { provide: VECTOR_BACKEND, useExisting: PineconeVectorBackend }],
};
