import type { SearchHit } from '@eloquent/contracts';
import { estimateTokens } from '@eloquent/text';
import type { ChatConfig } from '../config';
import type { ContextSource } from '../generation/answer-generator';
import { passageTerms, type QueryRelevance } from '../relevance/query-relevance';
import { PassageMemo } from '../relevance/text-analysis-cache';

export interface PackingOptions {
  /** Most passages kept. */
  maxSources: number;
  /** Total token budget of the passages in the prompt. */
  maxTokens: number;
  /** At most this many passages from one document, so one article cannot crowd out the rest. */
  perDocument: number;
  /** Passages whose word sets overlap more than this (Jaccard) with a kept one are dropped. */
  duplicateThreshold: number;
}

/** The packing options chat is configured with (docs/chat.md, Configuration). */
export function packingOptions(
  config: Pick<ChatConfig, 'CONTEXT_MAX_SOURCES' | 'CONTEXT_MAX_TOKENS' | 'CONTEXT_PER_DOCUMENT' | 'CONTEXT_DUPLICATE_THRESHOLD'>,
): PackingOptions {
  return {
    maxSources: config.CONTEXT_MAX_SOURCES,
    maxTokens: config.CONTEXT_MAX_TOKENS,
    perDocument: config.CONTEXT_PER_DOCUMENT,
    duplicateThreshold: config.CONTEXT_DUPLICATE_THRESHOLD,
  };
}

/**
 * Chooses the passages the answer may cite, numbered [1]..[n] in retrieval rank order (the
 * hybrid ranking is the better judge of order). Whether they answer the question is not
 * its business (coverage-decision/coverage-decision.ts decides that); it chooses which to show:
 *
 * 1. the best-ranked article's passages (up to `perDocument`): the article the decision is
 *    about, whose sections the extractive answer chooses from (`leading`: each of those
 *    articles in turn, when a message asks two questions: answers/question-parts.ts);
 * 2. then the best passage of every other article, in rank order: when the customer's words
 *    are not the article's, the article that answers is often ranked below others, and
 *    Claude can only find it if one of its passages is there;
 * 3. then the rest, in rank order.
 *
 * Near-duplicates (overlapping chunks say the same thing twice) are dropped; the count and
 * token budgets stop it. A passage too large for the remaining budget is skipped, so a
 * smaller one after it may still fit.
 */
export function packContext(
  hits: SearchHit[],
  relevance: QueryRelevance,
  options: PackingOptions,
  leading: readonly string[] = hits[0] ? [hits[0].documentId] : [],
): ContextSource[] {
  const kept: Array<{ rank: number; terms: ReadonlySet<string> }> = [];
  const isKept = new Set<number>();
  const perDocument = new Map<string, number>();
  let tokens = 0;
  const consider = (hit: SearchHit, rank: number): void => {
    if (kept.length === options.maxSources || isKept.has(rank)) return;
    const terms = passageTerms(hit);
    const cost = passageTokens.get(hit, estimateTokens);
    if (tokens + cost > options.maxTokens) return;
    if ((perDocument.get(hit.documentId) ?? 0) >= options.perDocument) return;
    if (kept.some((k) => memoisedJaccard(k.terms, terms) > options.duplicateThreshold)) return;
    kept.push({ rank, terms });
    isKept.add(rank);
    perDocument.set(hit.documentId, (perDocument.get(hit.documentId) ?? 0) + 1);
    tokens += cost;
  };
  for (const article of leading) hits.forEach((hit, rank) => hit.documentId === article && consider(hit, rank));
  hits.forEach((hit, rank) => !perDocument.has(hit.documentId) && consider(hit, rank));
  hits.forEach(consider);
  return kept
    .sort((a, b) => a.rank - b.rank)
    .map(({ rank, terms }, i) => {
      const hit = hits[rank];
      return {
        n: i + 1,
        documentId: hit.documentId,
        chunkId: hit.chunkId,
        title: hit.title,
        ...(hit.url ? { url: hit.url } : {}),
        headingPath: hit.headingPath,
        text: hit.text,
        score: hit.score,
        coverage: relevance.coverage(terms),
      };
    });
}

/**
 * A passage's token estimate, memoised by its text: the same passages are packed for answer
 * after answer, and counting the words of each candidate's text again (up to three times: the
 * three passes) showed in chat's profile per answer (docs/performance.md §5).
 */
const passageTokens = new PassageMemo<number>(4_000);

/**
 * Jaccard of two passages' term sets, memoised per pair of sets. The sets are passageTerms'
 * (one per passage text, never mutated), the same near-duplicate checks recur in answer after
 * answer, and comparing ~100-term sets term by term for every kept passage was one of chat's
 * larger costs per answer (docs/performance.md §5). Weak maps: an entry goes with its sets.
 */
const jaccards = new WeakMap<ReadonlySet<string>, WeakMap<ReadonlySet<string>, number>>();

function memoisedJaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let withA = jaccards.get(a);
  if (!withA) jaccards.set(a, (withA = new WeakMap()));
  let value = withA.get(b);
  if (value === undefined) withA.set(b, (value = jaccard(a, b)));
  return value;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}
