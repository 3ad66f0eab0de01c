import { aggregateByDocument, meanScores, ndcgAt, percentile, recallAt, reciprocalRankAt, trecRunLines } from './metrics';

const judged = new Map([
  ['d3', 2],
  ['d1', 1],
  ['d9', 0],
]);

describe('retrieval metrics', () => {
  it('aggregates chunk hits to documents by their best chunk', () => {
    expect(
      aggregateByDocument([
        { documentId: 'a', score: 0.5 },
        { documentId: 'b', score: 0.9 },
        { documentId: 'a', score: 0.95 },
        { documentId: 'c', score: 0.9 },
      ]),
    ).toEqual([
      { id: 'a', score: 0.95 },
      { id: 'b', score: 0.9 },
      { id: 'c', score: 0.9 },
    ]);
  });

  it('computes nDCG with linear gains', () => {
    // Ranking d1, d9, d3: DCG = 1/log2(2) + 0 + 2/log2(4) = 1 + 1 = 2
    // Ideal d3, d1:       IDCG = 2/log2(2) + 1/log2(3) = 2 + 0.6309298 = 2.6309298 → 0.7601875
    const ranking = ['d1', 'd9', 'd3'].map((id) => ({ id, score: 0 }));
    expect(ndcgAt(ranking, judged, 10)).toBeCloseTo(2 / (2 + 1 / Math.log2(3)), 10);
    expect(ndcgAt(ranking, judged, 10)).toBeCloseTo(0.7601875, 6);
    // Cut at 2: DCG = 1, IDCG@2 unchanged → 0.3800938
    expect(ndcgAt(ranking, judged, 2)).toBeCloseTo(0.3800938, 6);
    expect(ndcgAt([], judged, 10)).toBe(0);
  });

  it('computes recall and reciprocal rank over the relevant (relevance > 0) documents', () => {
    const ranking = ['d9', 'x', 'd3'].map((id) => ({ id, score: 0 }));
    expect(recallAt(ranking, judged, 100)).toBe(0.5);
    expect(recallAt(ranking, judged, 2)).toBe(0);
    expect(reciprocalRankAt(ranking, judged, 10)).toBeCloseTo(1 / 3, 10);
    expect(reciprocalRankAt(ranking, judged, 2)).toBe(0);
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, shuffled order
    expect([percentile(values, 50), percentile(values, 95), percentile(values, 99), percentile([7], 99)]).toEqual([50, 95, 99, 7]);
  });

  it('writes TREC run lines', () => {
    const runs = new Map([
      [
        'q1',
        [
          { id: 'd3', score: 1.5 },
          { id: 'd1', score: 0.25 },
        ],
      ],
    ]);
    expect(trecRunLines(runs, 'eloquent-hybrid')).toEqual(['q1 Q0 d3 1 1.500000 eloquent-hybrid', 'q1 Q0 d1 2 0.250000 eloquent-hybrid']);
  });

  it('averages nDCG@10, Recall@100 and MRR@10 over the queries', () => {
    const runs = new Map([
      ['q1', [{ id: 'd3', score: 2 }]],
      ['q2', [{ id: 'd7', score: 1 }]],
    ]);
    const qrels = new Map([
      ['q1', new Map([['d3', 1]])],
      ['q2', new Map([['d8', 1]])],
    ]);
    expect(meanScores(['q1', 'q2'], runs, qrels)).toEqual({ ndcg10: 0.5, recall100: 0.5, mrr10: 0.5 });
  });
});
