import type { SearchHit } from '@eloquent/contracts';
import type { QueryRelevance } from '../relevance/query-relevance';
import { termsOf } from '../relevance/text-analysis-cache';

/**
 * How much an article's best title-or-heading match with the question
 * ({@link QueryRelevance.similarity}, 0–1) counts next to its best hit's fused score
 * (divided by the top hit's, so 0–1). Calibrated on the tuning half of tools/eval/answers
 * (never on its test half): 1 put the labelled article first for 66 % of the tuning
 * questions where retrieval's order did for 60 %; 0.5 gave 63 %, 2 gave 64 % (docs/chat.md,
 * "Choosing the article").
 */
export const HEADING_MATCH_WEIGHT = 1;

/**
 * Retrieval ranks chunks; the answer is about an article. Chooses the article the answer is
 * about and moves its hits to the front (in their order; every other hit keeps its place):
 * each article scores its best hit's fused score relative to the top hit, plus
 * `headingWeight` times how closely its title or one of its retrieved sections' heading
 * paths matches the question. Help-center titles and headings are mostly the question a
 * customer asks, so a heading that matches it is strong evidence even when a chunk of
 * another article happens to share more of the question's words.
 */
export function rankByArticle(hits: readonly SearchHit[], relevance: QueryRelevance, headingWeight = HEADING_MATCH_WEIGHT): SearchHit[] {
  const top = hits[0]?.score ?? 0;
  if (!(top > 0)) return [...hits];
  const articles = new Map<string, { fused: number; heading: number }>();
  const similarity = similarityOnce(relevance);
  for (const hit of hits) {
    const article = articles.get(hit.documentId) ?? { fused: hit.score / top, heading: 0 };
    article.fused = Math.max(article.fused, hit.score / top);
    article.heading = Math.max(article.heading, similarity(termsOf(hit.title)), similarity(termsOf(hit.headingPath.join('\n'))));
    articles.set(hit.documentId, article);
  }
  let best: string | undefined;
  let bestScore = -Infinity;
  // Ties keep retrieval's order: the first article met wins.
  for (const [documentId, { fused, heading }] of articles) {
    const score = fused + headingWeight * heading;
    if (score > bestScore) [best, bestScore] = [documentId, score];
  }
  return [...hits.filter((hit) => hit.documentId === best), ...hits.filter((hit) => hit.documentId !== best)];
}

/**
 * The question's similarity to a title's or heading path's terms, measured once per set: the
 * hits of one article share their title (termsOf gives the same set for the same text), and
 * measuring it again for each of them showed in chat's CPU per answer (docs/performance.md §5).
 */
function similarityOnce(relevance: QueryRelevance): (terms: ReadonlySet<string>) => number {
  const measured = new Map<ReadonlySet<string>, number>();
  return (terms) => {
    let value = measured.get(terms);
    if (value === undefined) measured.set(terms, (value = relevance.similarity(terms)));
    return value;
  };
}
