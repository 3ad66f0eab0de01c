/** VECTOR_BACKEND's values (the config validates against this list; vector-backends/backends.ts maps each to its folder). */
export const VECTOR_BACKEND_NAMES = ['memory', 'pinecone'] as const;
export type VectorBackendName = (typeof VECTOR_BACKEND_NAMES)[number];

/** The backends that hold a keyword leg too (VectorBackend.fusesKeywords): the ones INDEX_MODE=stateless can use. */
export const VECTOR_BACKENDS_FUSING_KEYWORDS: readonly VectorBackendName[] = ['pinecone'];
