import { HnswVectorIndex } from './hnsw-vector-index';
import { rescore } from './rescore';

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (v) => v / norm);
}

describe('full-precision rescoring', () => {
  it('orders candidates by their exact dot product with the query, dropping those without a vector', () => {
    const query = unit([1, 0, 0]);
    const vectors = new Map([
      ['a', unit([0.6, 0.8, 0])],
      ['b', unit([0.9, 0.1, 0])],
      ['c', unit([0.99, 0, 0.01])],
    ]);
    const candidates = [
      { id: 'a', score: 0.99 },
      { id: 'b', score: 0.5 },
      { id: 'gone', score: 0.4 },
      { id: 'c', score: 0.3 },
    ];
    const ranked = rescore(query, candidates, vectors, 2);
    expect(ranked.map((h) => h.id)).toEqual(['c', 'b']);
    expect(ranked[0].score).toBeCloseTo(vectors.get('c')![0], 6);
  });

  it('restores the exact order an i8 graph blurs between near neighbours', () => {
    // Vectors that differ below i8's resolution (1/127 per component): the graph's scores tie or swap.
    const dims = 64;
    const base = Array.from({ length: dims }, (_, i) => Math.sin(i + 1));
    const vectors = new Map<string, Float32Array>();
    for (let n = 0; n < 20; n++) vectors.set(`v${n}`, unit(base.map((v, i) => v + (i === n % dims ? 0.001 * (n + 1) : 0))));
    const query = unit(base.map((v, i) => v + (i === 19 ? 0.05 : 0)));
    const graph = new HnswVectorIndex(dims, { m: 8, efConstruction: 64, efSearch: 64, quantization: 'i8' });
    for (const [id, vector] of vectors) graph.add(id, vector);
    const exact = [...vectors]
      .map(([id, v]) => ({ id, score: v.reduce((sum, x, i) => sum + x * query[i], 0) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 3)
      .map((h) => h.id);
    expect(rescore(query, graph.search(query, 20), vectors, 3).map((h) => h.id)).toEqual(exact);
  });
});
