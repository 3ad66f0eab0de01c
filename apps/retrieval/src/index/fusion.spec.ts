import { reciprocalRankFusion, weightedSum } from './fusion';

const legs = {
  bm25: [
    { id: 'a', score: 12 },
    { id: 'b', score: 8 },
    { id: 'c', score: 2 },
  ],
  vector: [
    { id: 'b', score: 0.9 },
    { id: 'd', score: 0.7 },
    { id: 'a', score: 0.5 },
  ],
};

describe('reciprocalRankFusion', () => {
  it('sums 1 / (k + rank) over the legs', () => {
    // k = 60: a = 1/61 + 1/63 = 0.0322665, b = 1/62 + 1/61 = 0.0325225, c = 1/63 = 0.0158730, d = 1/62 = 0.0161290
    const fused = reciprocalRankFusion(legs, { k: 60 });
    expect(fused.map((h) => h.id)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0].score).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(fused[1].score).toBeCloseTo(1 / 61 + 1 / 63, 12);
    expect(fused[0].scores).toEqual({ bm25: 8, vector: 0.9 });
    expect(fused[3].scores).toEqual({ bm25: 2 });
  });

  it('weights legs', () => {
    // bm25 ×2: a = 2/61 + 1/63 = 0.0486599, b = 2/62 + 1/61 = 0.0486515, c = 2/63 = 0.0317460, d = 1/62
    const fused = reciprocalRankFusion(legs, { k: 60, weights: { bm25: 2 } });
    expect(fused.map((h) => h.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(fused[0].score).toBeCloseTo(2 / 61 + 1 / 63, 12);
  });

  it('breaks ties by id and counts a repeated id once', () => {
    const fused = reciprocalRankFusion(
      {
        x: [
          { id: 'q', score: 1 },
          { id: 'q', score: 0.5 },
        ],
        y: [{ id: 'p', score: 3 }],
      },
      { k: 1 },
    );
    expect(fused).toEqual([
      { id: 'p', score: 0.5, scores: { y: 3 } },
      { id: 'q', score: 0.5, scores: { x: 1 } },
    ]);
  });
});

describe('weightedSum', () => {
  it('sums min-max normalised scores times weights', () => {
    // bm25: min 2, max 12 → a 1, b 0.6, c 0. vector: min 0.5, max 0.9 → b 1, d 0.5, a 0.
    // Weights 0.5 each: a = 0.5, b = 0.3 + 0.5 = 0.8, c = 0, d = 0.25.
    const fused = weightedSum(legs, { weights: { bm25: 0.5, vector: 0.5 } });
    expect(fused.map((h) => h.id)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused.map((h) => h.score)).toEqual([expect.closeTo(0.8, 12), 0.5, expect.closeTo(0.25, 12), 0]);
    expect(fused[0].scores).toEqual({ bm25: 8, vector: 0.9 });
  });

  it('normalises a single hit or all-equal scores to 1', () => {
    const fused = weightedSum(
      {
        bm25: [{ id: 'z', score: 3.2 }],
        vector: [
          { id: 'y', score: 0.4 },
          { id: 'x', score: 0.4 },
        ],
      },
      { weights: { bm25: 2, vector: 1 } },
    );
    expect(fused).toEqual([
      { id: 'z', score: 2, scores: { bm25: 3.2 } },
      { id: 'x', score: 1, scores: { vector: 0.4 } },
      { id: 'y', score: 1, scores: { vector: 0.4 } },
    ]);
  });

  it('handles empty legs', () => {
    expect(weightedSum({ bm25: [], vector: [] }, { weights: {} })).toEqual([]);
  });
});
