import type { SearchHit } from '@eloquent/contracts';
import { Bm25Index, type Bm25Options } from '../index/bm25-index';
import type { VectorIndex } from '../index/vector-index';

/** What a search hit needs besides its scores, kept in memory next to the indexes. */
export type IndexedChunk = Omit<SearchHit, 'score' | 'scores'> & { metadata: Record<string, string | number | boolean> };

/**
 * The in-memory indexes of one namespace: BM25 over every chunk, the chunks themselves (to
 * render hits and apply metadata filters), and — with the in-memory vector backend — the
 * vectors of the index's one embedding model. `version` is the change seq of the last
 * change applied to this namespace, so equal versions mean equal contents on every replica.
 */
export class NamespaceIndex {
  readonly bm25: Bm25Index;
  vectors?: VectorIndex;
  version = 0;
  readonly chunks = new Map<string, IndexedChunk>();
  private readonly chunksByDocument = new Map<string, string[]>();

  constructor(bm25: Bm25Options) {
    this.bm25 = new Bm25Index(bm25);
  }

  get documentCount(): number {
    return this.chunksByDocument.size;
  }

  /** Replaces everything indexed for the document with `chunks`. */
  putDocument(documentId: string, chunks: Array<IndexedChunk & { vector?: Float32Array }>): void {
    this.removeDocument(documentId);
    for (const chunk of chunks) {
      const { vector, ...stored } = chunk;
      this.chunks.set(chunk.chunkId, stored);
      this.bm25.add(chunk.chunkId, { title: chunk.title, headingPath: chunk.headingPath, text: chunk.text });
      if (vector && this.vectors && vector.length === this.vectors.dims) this.vectors.add(chunk.chunkId, vector);
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

  /** Chunks whose document metadata has every key of `filter` with an equal value. */
  metadataFilter(filter: Record<string, string | number | boolean>): (chunkId: string) => boolean {
    const entries = Object.entries(filter);
    return (chunkId) => {
      const metadata = this.chunks.get(chunkId)?.metadata;
      return !!metadata && entries.every(([key, value]) => metadata[key] === value);
    };
  }
}
