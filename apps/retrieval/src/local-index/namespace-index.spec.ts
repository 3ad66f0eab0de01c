import { AdaptiveVectorIndex } from '../index/adaptive-vector-index';
import { NamespaceIndex, type ChunkToIndex } from './namespace-index';

const BM25 = { k1: 0.9, b: 0.4, fieldWeights: { title: 3, heading: 1.5, body: 1 } };
const unit = (i: number, dims = 8) => {
  const v = Float32Array.from({ length: dims }, (_, d) => Math.sin((i + 1) * (d + 1)));
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};
const words = ['card', 'refund', 'limit', 'transfer', 'fee', 'pin', 'loan', 'overdraft', 'account', 'statement'];

function documents(from: number, count: number, metadata: Record<string, string> = {}): Array<{ documentId: string; chunks: ChunkToIndex[] }> {
  return Array.from({ length: count }, (_, d) => ({
    documentId: `doc${from + d}`,
    chunks: [0, 1].map((ord) => ({
      chunkId: `doc${from + d}#${ord}`,
      title: `About ${words[(from + d) % words.length]}`,
      headingPath: [words[(from + d + ord) % words.length]],
      text: `${words[(from + d) % 7]} ${words[(ord + 3 * d) % words.length]} text`,
      metadata,
      vector: unit(2 * (from + d) + ord),
    })),
  }));
}

function namespace(hnswThreshold: number): NamespaceIndex {
  const index = new NamespaceIndex(BM25);
  index.vectors = new AdaptiveVectorIndex(8, { hnswThreshold, hnsw: { m: 8, efConstruction: 50, efSearch: 80 }, buildSlice: 10 });
  return index;
}

describe('NamespaceIndex.putDocuments', () => {
  it('indexes a page of documents like putting them one at a time: same BM25 hits, same chunks, same vectors', () => {
    const batched = namespace(0);
    const single = namespace(0);
    const page = documents(0, 30, { lang: 'en' });
    batched.putDocuments(page);
    for (const { documentId, chunks } of page) single.putDocument(documentId, chunks);
    expect([batched.documentCount, batched.chunkCount]).toEqual([30, 60]);
    for (const query of ['card fee', 'overdraft statement', 'pin']) expect(batched.bm25.search(query, 20)).toEqual(single.bm25.search(query, 20));
    for (let i = 0; i < 60; i += 7) expect(batched.vectors!.search(unit(i), 3)).toEqual(single.vectors!.search(unit(i), 3));
    expect(batched.metadataFilter({ lang: 'en' })('doc3#1')).toBe(true);
  });

  it('replaces documents put again in a later page, in the graph too', async () => {
    const index = namespace(40);
    index.putDocuments(documents(0, 30));
    await (index.vectors as AdaptiveVectorIndex).settled();
    expect((index.vectors as AdaptiveVectorIndex).kind).toBe('hnsw');
    const replaced = documents(0, 5).map(({ documentId, chunks }) => ({
      documentId,
      chunks: chunks.slice(0, 1).map((c, i) => ({ ...c, chunkId: `${documentId}#new`, vector: unit(1000 + i + Number(documentId.slice(3))) })),
    }));
    index.putDocuments([...replaced, ...documents(30, 10)]);
    expect([index.documentCount, index.chunkCount, index.vectors!.size]).toEqual([40, 75, 75]);
    expect(index.hasChunk('doc0#0')).toBe(false);
    expect(index.vectors!.search(unit(1002), 1)[0].id).toBe('doc2#new');
    expect(index.vectors!.search(unit(4), 3).map((h) => h.id)).not.toContain('doc2#0');
  });
});
