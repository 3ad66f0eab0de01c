/** A ranked list of document ids, best first, with their scores. */
export type Ranking = Array<{ id: string; score: number }>;

/**
 * Chunk hits to documents: a document scores its best chunk; order by that score (stable for
 * ties, so the service's own order is kept).
 */
export function aggregateByDocument(hits: Array<{ documentId: string; score: number }>): Ranking {
  const best = new Map<string, number>();
  for (const { documentId, score } of hits) if (!best.has(documentId) || best.get(documentId)! < score) best.set(documentId, score);
  return [...best.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

/** nDCG@k with linear gains (trec_eval / pytrec_eval, as BEIR reports it). */
export function ndcgAt(ranking: Ranking, judged: Map<string, number>, k: number): number {
  let dcg = 0;
  ranking.slice(0, k).forEach(({ id }, i) => (dcg += (judged.get(id) ?? 0) / Math.log2(i + 2)));
  const ideal = [...judged.values()].filter((r) => r > 0).sort((a, b) => b - a);
  let idcg = 0;
  ideal.slice(0, k).forEach((rel, i) => (idcg += rel / Math.log2(i + 2)));
  return idcg > 0 ? dcg / idcg : 0;
}

/** Share of the relevant documents (relevance > 0) found in the top k. */
export function recallAt(ranking: Ranking, judged: Map<string, number>, k: number): number {
  const relevant = [...judged.entries()].filter(([, rel]) => rel > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranking.slice(0, k).map((r) => r.id));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** 1 / rank of the first relevant document within the top k, else 0. */
export function reciprocalRankAt(ranking: Ranking, judged: Map<string, number>, k: number): number {
  const index = ranking.slice(0, k).findIndex(({ id }) => (judged.get(id) ?? 0) > 0);
  return index < 0 ? 0 : 1 / (index + 1);
}

/** The evaluation's figures for a run: mean nDCG@10, Recall@100 and MRR@10 over `queryIds` (each must have a ranking and judgements). */
export function meanScores(
  queryIds: readonly string[],
  runs: Map<string, Ranking>,
  qrels: Map<string, Map<string, number>>,
): { ndcg10: number; recall100: number; mrr10: number } {
  const mean = (metric: (ranking: Ranking, judged: Map<string, number>) => number) =>
    queryIds.reduce((sum, id) => sum + metric(runs.get(id)!, qrels.get(id)!), 0) / queryIds.length;
  return { ndcg10: mean((r, j) => ndcgAt(r, j, 10)), recall100: mean((r, j) => recallAt(r, j, 100)), mrr10: mean((r, j) => reciprocalRankAt(r, j, 10)) };
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** TREC run file lines: `qid Q0 docid rank score tag`, ranks from 1. */
export function trecRunLines(runs: Map<string, Ranking>, tag: string): string[] {
  const lines: string[] = [];
  for (const [queryId, ranking] of runs) ranking.forEach(({ id, score }, i) => lines.push(`${queryId} Q0 ${id} ${i + 1} ${score.toFixed(6)} ${tag}`));
  return lines;
}
