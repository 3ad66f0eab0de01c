import type { QueryTermStats, SearchHit } from '@eloquent/contracts';
import { passageTerms, type QueryRelevance } from '../relevance/query-relevance';

/**
 * - `covered`: the best-ranked article answers the question; both generators answer from it.
 * - `uncertain`: retrieval found something on the subject but not clearly the answer; Claude
 *   gets the passages and decides (it may write the no-answer marker); the extractive
 *   generator, which cannot judge, abstains.
 * - `off-topic`: clear noise; nobody answers, Claude is not called.
 */
export type CoverageVerdict = 'covered' | 'uncertain' | 'off-topic';

/** The numbers the verdict was made from (logged with every answer). */
export interface CoverageEvidence {
  /** Share of the question's weight in words the knowledge base uses at all. */
  knownShare: number;
  /** Share of the question's weight that the best article's retrieved passages contain together. */
  bestArticleCoverage: number;
  /** The best hit's fused score minus that of the best hit of another article. */
  lead: number;
  /** The best hit's similarity in the vector leg (0 when that leg did not return it). */
  vectorSimilarity: number;
}

export interface CoverageDecision {
  verdict: CoverageVerdict;
  /** The article of the best hit; absent when nothing was retrieved. */
  documentId?: string;
  evidence: CoverageEvidence;
  /** The question's content terms and the weights the decision gave them (suggested-articles.ts weighs other articles with them). */
  weights: ReadonlyMap<string, number>;
}

export interface CoverageInput {
  /** Retrieval's candidates, best first. */
  hits: readonly SearchHit[];
  /** Retrieval's statistics of the query terms over the whole namespace (absent from an older retrieval). */
  queryTerms?: readonly QueryTermStats[];
  indexedChunks?: number;
  /** The question's terms (stemmed, synonyms) and their weights over the candidates. */
  relevance: QueryRelevance;
}

export interface CoverageThresholds {
  /** Off-topic: less than this share of the question is in words the knowledge base uses… */
  offTopicKnownShare: number;
  /** …and the best hit is not even this similar in the vector leg. */
  offTopicVectorSimilarity: number;
  /** Covered needs at least this known share… */
  coveredKnownShare: number;
  /** …and the best article covering this share of the question… */
  coveredCoverage: number;
  /** …or this share, with a lead of `coveredLead` or a vector similarity of `coveredVectorSimilarity`. */
  supportedCoverage: number;
  coveredLead: number;
  coveredVectorSimilarity: number;
}

/**
 * Calibrated on the tuning half of tools/eval/answers (never on its test half) with the
 * default embedding model (`eloquent-hash-v1-512`): the vector similarities are on that
 * model's scale, and a real model needs its own (docs/chat.md, "Abstention").
 */
export const COVERAGE_THRESHOLDS: CoverageThresholds = {
  offTopicKnownShare: 0.3,
  offTopicVectorSimilarity: 0.2,
  coveredKnownShare: 0.5,
  coveredCoverage: 0.6,
  supportedCoverage: 0.4,
  coveredLead: 0.4,
  coveredVectorSimilarity: 0.2,
};

/**
 * Decides once, before any generator is chosen, whether the knowledge base covers the
 * question (docs/chat.md, "Abstention"). Evidence from retrieval, not from one lexical
 * floor on one passage:
 *
 * - how much of the question's weight is in words the knowledge base uses at all (retrieval's
 *   `queryTerms`, weighted by IDF over every chunk): "remortgage", "bitcoin", "weather" are
 *   words a help center that does not cover them never writes;
 * - how much of the question's weight the best article's retrieved passages match together
 *   (title, headings and text, stemmed, with synonyms): an article answers with several
 *   sections, so one passage need not hold every word;
 * - how far the best hit leads the best hit of any other article, and how similar it is in
 *   the vector leg: evidence that survives the customer not using the article's words.
 */
export function decideCoverage(input: CoverageInput, thresholds: CoverageThresholds = COVERAGE_THRESHOLDS): CoverageDecision {
  const { hits, relevance } = input;
  const best = hits[0];
  const weights = questionWeights(input);
  const total = sum(weights.values());
  if (!best || total === 0) return { verdict: 'off-topic', evidence: { knownShare: 0, bestArticleCoverage: 0, lead: 0, vectorSimilarity: 0 }, weights };

  const known = sum([...weights].filter(([term]) => isKnown(input, term)).map(([, weight]) => weight));
  const runnerUp = hits.find((hit) => hit.documentId !== best.documentId);
  const evidence: CoverageEvidence = {
    knownShare: known / total,
    bestArticleCoverage: articleCoverage(best.documentId, hits, weights, relevance),
    lead: best.score - (runnerUp?.score ?? 0),
    vectorSimilarity: best.scores.vector ?? 0,
  };
  return { verdict: verdictOf(evidence, thresholds), documentId: best.documentId, evidence, weights };
}

/**
 * The share of the question's weight that one article's retrieved passages hold together
 * (titles, headings and text; synonyms count): an article answers with several sections, so
 * one passage need not hold every word.
 */
export function articleCoverage(documentId: string, hits: readonly SearchHit[], weights: ReadonlyMap<string, number>, relevance: QueryRelevance): number {
  const total = sum(weights.values());
  if (total === 0) return 0;
  // In any of the article's passages, i.e. in their union (not built: ~100 terms a passage, per answer).
  const articleTerms = hits.filter((hit) => hit.documentId === documentId).map(passageTerms);
  return sum([...weights].filter(([term]) => articleTerms.some((terms) => relevance.has(terms, term))).map(([, weight]) => weight)) / total;
}

function verdictOf(e: CoverageEvidence, t: CoverageThresholds): CoverageVerdict {
  if (e.knownShare < t.offTopicKnownShare && e.vectorSimilarity < t.offTopicVectorSimilarity) return 'off-topic';
  if (e.knownShare < t.coveredKnownShare) return 'uncertain';
  if (e.bestArticleCoverage >= t.coveredCoverage) return 'covered';
  const supported = e.lead >= t.coveredLead || e.vectorSimilarity >= t.coveredVectorSimilarity;
  return e.bestArticleCoverage >= t.supportedCoverage && supported ? 'covered' : 'uncertain';
}

/** Whether a generator of this mode answers under this decision (the other answer is the abstention). */
export function answers(decision: CoverageDecision, mode: 'llm' | 'retrieval-only'): boolean {
  return mode === 'llm' ? decision.verdict !== 'off-topic' : decision.verdict === 'covered';
}

/**
 * The question's content terms weighted by IDF over the whole knowledge base when retrieval
 * reports it (a word no chunk contains weighs as if one half did), otherwise over the
 * candidates (QueryRelevance's weights).
 */
function questionWeights(input: CoverageInput): Map<string, number> {
  const { relevance, queryTerms, indexedChunks } = input;
  const weights = new Map<string, number>();
  if (!queryTerms || !indexedChunks) {
    for (const term of relevance.terms) weights.set(term, relevance.weight(term));
    return weights;
  }
  const chunksOf = new Map(queryTerms.map((t) => [t.term, t.chunks]));
  for (const term of relevance.terms) {
    const chunks = chunksOf.get(term) ?? 0;
    weights.set(term, idf(indexedChunks, chunks === 0 ? ABSENT_CHUNKS : chunks));
  }
  return weights;
}

/** The chunk frequency given to a word the knowledge base never uses (rarer than any word it does). */
const ABSENT_CHUNKS = 0.5;

/** The knowledge base uses the word, or (through a synonym) a retrieved passage has it. */
function isKnown(input: CoverageInput, term: string): boolean {
  if (input.queryTerms?.some((t) => t.term === term && t.chunks > 0)) return true;
  return input.hits.some((hit) => input.relevance.has(passageTerms(hit), term));
}

/** Lucene's BM25 IDF, as retrieval computes it. */
function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
