import { AdaptiveVectorIndex } from './adaptive-vector-index';

const unit = (i: number, dims = 8) => {
  const v = Float32Array.from({ length: dims }, (_, d) => Math.sin((i + 1) * (d + 1)));
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};

describe('AdaptiveVectorIndex', () => {
  const opts = { hnswThreshold: 50, hnsw: { m: 8, efConstruction: 50, efSearch: 50 }, buildSlice: 10 };

  it('scans exactly below the threshold', () => {
    const index = new AdaptiveVectorIndex(8, opts);
    for (let i = 0; i < 49; i++) index.add(`v${i}`, unit(i));
    expect(index.kind).toBe('exact');
    expect(index.search(unit(3), 1)[0].id).toBe('v3');
  });

  it('builds an HNSW graph in the background at the threshold, keeping writes made meanwhile', async () => {
    const index = new AdaptiveVectorIndex(8, opts);
    for (let i = 0; i < 50; i++) index.add(`v${i}`, unit(i));
    expect(index.kind).toBe('building-hnsw');
    expect(index.search(unit(7), 1)[0].id).toBe('v7'); // still answering, from the exact index
    index.remove('v7');
    index.add('late', unit(1000));
    index.add('v8', unit(2000)); // replaced during the build
    await index.settled();
    expect(index.kind).toBe('hnsw');
    expect(index.size).toBe(50);
    expect(index.search(unit(7), 50).map((h) => h.id)).not.toContain('v7');
    expect(index.search(unit(1000), 1)[0].id).toBe('late');
    expect(index.search(unit(2000), 1)[0].id).toBe('v8');
  });

  it('never switches with a threshold of 0', () => {
    const index = new AdaptiveVectorIndex(8, { ...opts, hnswThreshold: 0 });
    for (let i = 0; i < 100; i++) index.add(`v${i}`, unit(i));
    expect(index.kind).toBe('exact');
  });
});

describe('AdaptiveVectorIndex.addMany', () => {
  const opts = { hnswThreshold: 50, hnsw: { m: 8, efConstruction: 50, efSearch: 50 }, buildSlice: 10 };

  it('adds one by one while exact (crossing the threshold starts the build), as one batch once the graph is built', async () => {
    const index = new AdaptiveVectorIndex(8, opts);
    const ids = Array.from({ length: 60 }, (_, i) => `v${i}`);
    index.addMany(
      ids,
      ids.map((_, i) => unit(i)),
    );
    expect(index.kind).toBe('building-hnsw');
    await index.settled();
    expect(index.kind).toBe('hnsw');
    index.addMany(['a', 'b'], [unit(500), unit(600)]);
    expect(index.size).toBe(62);
    expect(index.search(unit(500), 1)[0].id).toBe('a');
    expect(index.search(unit(600), 1)[0].id).toBe('b');
  });
});
