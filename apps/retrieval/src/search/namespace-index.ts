import type { SearchHit } from '@eloquent/contracts';
import { Bm25Index } from '../index/bm25-index';
import { ExactVectorIndex } from '../index/vector-index';

/** What a search hit needs besides its scores, kept in memory next to the indexes. */
export type IndexedChunk = Omit<SearchHit, 'score' | 'scores'> & { metadata: Record<string, string | number | boolean> };

export interface Bm25Options {
  k1: number;
  b: number;
  fieldWeights: { title: number; heading: number; body: number };
}

/**
 * The in-memory indexes of one namespace: BM25 over every chunk, and vectors of the one
 * embedding model the namespace is bound to (the first model seen). A chunk embedded
 * with another model is kept out of the vector leg rather than compared across spaces.
 */
export class NamespaceIndex {
  readonly bm25: Bm25Index;
  vectors?: ExactVectorIndex;
  model?: string;
  readonly chunks = new Map<string, IndexedChunk>();
  private readonly chunksByDocument = new Map<string, string[]>();

  constructor(bm25: Bm25Options) {
    this.bm25 = new Bm25Index(bm25);
  }

  get documentCount(): number {
    return this.chunksByDocument.size;
  }

  /** Replaces everything indexed for the document with `chunks`. */
  putDocument(documentId: string, chunks: Array<IndexedChunk & { vector?: Float32Array; model?: string }>): void {
    this.removeDocument(documentId);
    for (const chunk of chunks) {
      const { vector, model, ...stored } = chunk;
      this.chunks.set(chunk.chunkId, stored);
      this.bm25.add(chunk.chunkId, { title: chunk.title, headingPath: chunk.headingPath, text: chunk.text });
      if (vector && model) this.addVector(chunk.chunkId, vector, model);
    }
    this.chunksByDocument.set(
      documentId,
      chunks.map((c) => c.chunkId),
    );
  }

  removeDocument(documentId: string): void {
    for (const chunkId of this.chunksByDocument.get(documentId) ?? []) {
      this.chunks.delete(chunkId);
      this.bm25.remove(chunkId);
      this.vectors?.remove(chunkId);
    }
    this.chunksByDocument.delete(documentId);
  }

  private addVector(chunkId: string, vector: Float32Array, model: string): void {
    if (!this.model) {
      this.model = model;
      this.vectors = new ExactVectorIndex(vector.length);
    }
    if (model === this.model && vector.length === this.vectors!.dims) this.vectors!.add(chunkId, vector);
  }
}
