import { analyze, splitSentences } from '@eloquent/text';
import type { QueryRelevance } from '../../relevance/query-relevance';
import { LruCache, termsOf } from '../../relevance/text-analysis-cache';
import type { ContextSource } from '../answer-generator';
import { markdownToBlocks } from './markdown-blocks';

export interface SelectedSentence {
  text: string;
  sourceN: number;
}

interface Candidate extends SelectedSentence {
  sourceRank: number;
  position: number;
  terms: ReadonlySet<string>;
  words: number;
  score: number;
}

const MAX_SENTENCES = 5;
/** Below this many, any sentence with overlap is taken; past it, only strong ones. */
const MIN_SENTENCES = 2;
const MAX_PER_SOURCE = 2;
const WORD_BUDGET = 120;
/** Fragments shorter than this ("Note.", "Step 2.") say nothing on their own. */
const MIN_SENTENCE_WORDS = 3;
/** Extra sentences must score at least this share of the best one, or they dilute the answer. */
const RELATIVE_SCORE_FLOOR = 0.4;
/** Term-set Jaccard at which two sentences count as saying the same thing. */
const DUPLICATE_SIMILARITY = 0.7;
/** Kept small next to a typical IDF (about 1–3), so they only break near-ties. */
const TOP_RANK_BONUS = 0.3;
const TITLE_MATCH_BONUS = 0.5;
/**
 * The sentence gate: a sentence, read with its article's title, must cover at least this
 * IDF-weighted share of the question ({@link QueryRelevance.coverage}) and this share of
 * its distinct terms. Weighted alone, one rare word ("joint") would pass; counted alone,
 * two common ones ("open", "account") would. Tuned on the sample knowledge base: see
 * docs/chat.md.
 */
export const MIN_SENTENCE_COVERAGE = 0.5;
export const MIN_SENTENCE_TERM_SHARE = 0.6;

/**
 * Picks the sentences that best answer the question, in reading order (source rank, then
 * position). Only sentences that pass the gate above are candidates; empty (the answer
 * abstains) when none does. `sources` are expected in rank order, best first.
 */
export function selectSentences(sources: ContextSource[], relevance: QueryRelevance): SelectedSentence[] {
  const queryTerms = new Set(relevance.terms);
  if (queryTerms.size === 0) return [];
  const candidates = sources.flatMap((source, rank) => sentenceCandidates(source, rank).filter((candidate) => passesGate(candidate, source, relevance)));
  const idf = inverseDocumentFrequencies(queryTerms, candidates);
  for (const candidate of candidates) candidate.score = scoreCandidate(candidate, sources, queryTerms, idf);
  const ranked = candidates
    .filter((candidate) => candidate.score > 0)
    .sort((a, b) => b.score - a.score || a.sourceRank - b.sourceRank || a.position - b.position);
  return pick(ranked)
    .sort((a, b) => a.sourceRank - b.sourceRank || a.position - b.position)
    .map(({ text, sourceN }) => ({ text, sourceN }));
}

function passesGate(candidate: Candidate, source: ContextSource, relevance: QueryRelevance): boolean {
  const inContext = new Set([...candidate.terms, ...termsOf(source.title)]);
  return relevance.coverage(inContext) >= MIN_SENTENCE_COVERAGE && relevance.share(inContext) >= MIN_SENTENCE_TERM_SHARE;
}

interface Sentence {
  text: string;
  position: number;
  terms: ReadonlySet<string>;
  words: number;
}

/** A passage's usable sentences, memoised by its text (the same passages come back for many questions). */
const passageSentences = new LruCache<Sentence[]>(4_000);

function sentencesOf(markdown: string): Sentence[] {
  return passageSentences.get(markdown, (text) =>
    markdownToBlocks(text)
      .flatMap((block) => splitSentences(block))
      .map((sentence, position) => ({ text: sentence.trim(), position, terms: new Set(analyze(sentence)), words: countWords(sentence) }))
      // A sentence ending in ":" introduces a list or example that follows; alone it answers nothing.
      .filter((sentence) => sentence.words >= MIN_SENTENCE_WORDS && !sentence.text.endsWith(':')),
  );
}

function sentenceCandidates(source: ContextSource, sourceRank: number): Candidate[] {
  return sentencesOf(source.text).map((sentence) => ({ ...sentence, sourceN: source.n, sourceRank, score: 0 }));
}

/** Smoothed IDF over the candidate sentences, for the query terms only (nothing else is scored). */
function inverseDocumentFrequencies(queryTerms: ReadonlySet<string>, candidates: Candidate[]): Map<string, number> {
  const idf = new Map<string, number>();
  for (const term of queryTerms) {
    const df = candidates.filter((candidate) => candidate.terms.has(term)).length;
    if (df > 0) idf.set(term, Math.log(1 + candidates.length / df));
  }
  return idf;
}

function scoreCandidate(candidate: Candidate, sources: ContextSource[], queryTerms: ReadonlySet<string>, idf: ReadonlyMap<string, number>): number {
  let overlap = 0;
  for (const term of queryTerms) {
    if (candidate.terms.has(term)) overlap += idf.get(term) ?? 0;
  }
  // Bonuses only reorder sentences that already match; they never make one relevant.
  if (overlap === 0) return 0;
  const source = sources[candidate.sourceRank];
  const titleTerms = termsOf([source.title, ...source.headingPath].join(' '));
  const titleShare = [...queryTerms].filter((term) => titleTerms.has(term)).length / queryTerms.size;
  return overlap + TOP_RANK_BONUS / (1 + candidate.sourceRank) + TITLE_MATCH_BONUS * titleShare;
}

/** Greedy pick from best to worst under the count, per-source, length and duplicate limits. */
function pick(ranked: Candidate[]): Candidate[] {
  const picked: Candidate[] = [];
  const bestScore = ranked[0]?.score ?? 0;
  let words = 0;
  for (const candidate of ranked) {
    if (picked.length === MAX_SENTENCES) break;
    if (picked.length >= MIN_SENTENCES && candidate.score < RELATIVE_SCORE_FLOOR * bestScore) break;
    if (picked.filter((p) => p.sourceN === candidate.sourceN).length === MAX_PER_SOURCE) continue;
    // The best sentence is always kept, however long: an answer needs at least one.
    if (picked.length > 0 && words + candidate.words > WORD_BUDGET) continue;
    if (picked.some((p) => jaccard(p.terms, candidate.terms) >= DUPLICATE_SIMILARITY)) continue;
    picked.push(candidate);
    words += candidate.words;
  }
  return picked;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
