import { Bm25Index, type Bm25Options } from '../index/bm25-index';
import type { VectorIndex } from '../index/vector-index';
import { joinLines, splitLines, type SnapshotReader, type SnapshotWriter } from '../index/snapshot-file';

export type ChunkMetadata = Record<string, string | number | boolean>;

/** What the index takes in for one chunk; its text is analysed, not kept. */
export interface ChunkToIndex {
  chunkId: string;
  title: string;
  headingPath: string[];
  text: string;
  metadata: ChunkMetadata;
  vector?: Float32Array;
}

/**
 * The in-memory indexes of one namespace: BM25 over every chunk, each document's chunk ids,
 * the document metadata of chunks that have some (for metadata filters), and — with the
 * in-memory vector backend — the vectors of the index's one embedding model. Chunk texts and
 * titles are not kept: hits are rendered from Postgres (ChunkTexts), which keeps a replica's
 * memory to what ranking needs (docs/retrieval.md, "At scale"). `version` is the change seq of
 * the last change applied to this namespace, so equal versions mean equal contents on every
 * replica.
 */
export class NamespaceIndex {
  bm25: Bm25Index;
  vectors?: VectorIndex;
  version = 0;
  private readonly chunksByDocument = new Map<string, string[]>();
  private readonly metadataByChunk = new Map<string, ChunkMetadata>();

  constructor(private readonly bm25Options: Bm25Options) {
    this.bm25 = new Bm25Index(bm25Options);
  }

  get documentCount(): number {
    return this.chunksByDocument.size;
  }

  get chunkCount(): number {
    return this.bm25.size;
  }

  hasChunk(chunkId: string): boolean {
    return this.bm25.has(chunkId);
  }

  /** Replaces everything indexed for the document with `chunks`. */
  putDocument(documentId: string, chunks: ChunkToIndex[]): void {
    this.putDocuments([{ documentId, chunks }]);
  }

  /**
   * {@link putDocument} for many distinct documents, their vectors inserted in one call: a graph
   * then inserts them on every core, which is most of a rebuild's time (docs/retrieval.md, "At scale").
   */
  putDocuments(documents: Array<{ documentId: string; chunks: ChunkToIndex[] }>): void {
    const vectorIds: string[] = [];
    const vectors: Float32Array[] = [];
    for (const { documentId, chunks } of documents) {
      this.removeDocument(documentId);
      for (const chunk of chunks) {
        this.bm25.add(chunk.chunkId, { title: chunk.title, headingPath: chunk.headingPath, text: chunk.text });
        if (Object.keys(chunk.metadata).length > 0) this.metadataByChunk.set(chunk.chunkId, chunk.metadata);
        const { vector } = chunk;
        if (vector && this.vectors && vector.length === this.vectors.dims) {
          vectorIds.push(chunk.chunkId);
          vectors.push(vector);
        }
      }
      this.chunksByDocument.set(
        documentId,
        chunks.map((c) => c.chunkId),
      );
    }
    if (vectorIds.length > 0) this.vectors!.addMany(vectorIds, vectors);
  }

  removeDocument(documentId: string): void {
    for (const chunkId of this.chunksByDocument.get(documentId) ?? []) {
      this.bm25.remove(chunkId);
      this.metadataByChunk.delete(chunkId);
      this.vectors?.remove(chunkId);
    }
    this.chunksByDocument.delete(documentId);
  }

  /** Chunks whose document metadata has every key of `filter` with an equal value. */
  metadataFilter(filter: ChunkMetadata): (chunkId: string) => boolean {
    const entries = Object.entries(filter);
    return (chunkId) => {
      const metadata = this.metadataByChunk.get(chunkId);
      return !!metadata && this.bm25.has(chunkId) && entries.every(([key, value]) => metadata[key] === value);
    };
  }

  /** Writes everything but the vectors as sections named `<prefix>.*`. */
  writeTo(writer: SnapshotWriter, prefix: string): void {
    this.bm25.writeTo(writer, `${prefix}.bm25`);
    const documents = [...this.chunksByDocument.keys()];
    const counts = new Uint32Array(documents.length);
    const chunkIds: string[] = [];
    documents.forEach((id, i) => {
      const chunks = this.chunksByDocument.get(id)!;
      counts[i] = chunks.length;
      chunkIds.push(...chunks);
    });
    writer.json(`${prefix}.meta`, { version: this.version, documents: documents.length, chunks: chunkIds.length });
    writer.array(`${prefix}.documents`, joinLines(documents));
    writer.array(`${prefix}.chunkCounts`, counts);
    writer.array(`${prefix}.chunkIds`, joinLines(chunkIds));
    writer.json(`${prefix}.metadata`, Object.fromEntries(this.metadataByChunk));
  }

  /** A namespace read back from {@link writeTo}'s sections (vectors are loaded separately). */
  static readFrom(reader: SnapshotReader, prefix: string, bm25Options: Bm25Options): NamespaceIndex {
    const index = new NamespaceIndex(bm25Options);
    index.bm25 = Bm25Index.readFrom(reader, `${prefix}.bm25`, bm25Options);
    const meta = reader.json<{ version: number; documents: number; chunks: number }>(`${prefix}.meta`);
    index.version = meta.version;
    const documents = splitLines(reader.array(`${prefix}.documents`, 'Uint8Array'), meta.documents);
    const counts = reader.array(`${prefix}.chunkCounts`, 'Uint32Array');
    const chunkIds = splitLines(reader.array(`${prefix}.chunkIds`, 'Uint8Array'), meta.chunks);
    let next = 0;
    documents.forEach((id, i) => {
      index.chunksByDocument.set(id, chunkIds.slice(next, next + counts[i]));
      next += counts[i];
    });
    for (const [chunkId, metadata] of Object.entries(reader.json<Record<string, ChunkMetadata>>(`${prefix}.metadata`)))
      index.metadataByChunk.set(chunkId, metadata);
    return index;
  }
}
