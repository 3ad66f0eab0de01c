import type { SearchHit } from '@eloquent/contracts';
import { estimateTokens } from '@eloquent/text';
import type { ContextSource } from '../generation/answer-generator';
import { passageTerms, type QueryRelevance } from '../relevance/query-relevance';

export interface PackingOptions {
  /** Most passages kept. */
  maxSources: number;
  /** Total token budget of the passages in the prompt. */
  maxTokens: number;
  /** At most this many passages from one document, so one article cannot crowd out the rest. */
  perDocument: number;
  /** Passages whose word sets overlap more than this (Jaccard) with a kept one are dropped. */
  duplicateThreshold: number;
  /** Passages covering less than this share of the question ({@link QueryRelevance.coverage}) are dropped. */
  relevanceFloor: number;
}

/**
 * Chooses the passages the answer may cite, numbered [1]..[n] in retrieval rank order
 * (the hybrid ranking is the better judge of order; coverage only gates): drops passages
 * under the relevance floor and near-duplicates (overlapping chunks say the same thing
 * twice), caps passages per document, and stops at the count and token budgets. A passage
 * too large for the remaining budget is skipped, so a smaller one after it may still fit.
 */
export function packContext(hits: SearchHit[], relevance: QueryRelevance, options: PackingOptions): ContextSource[] {
  const kept: Array<{ hit: SearchHit; terms: ReadonlySet<string>; coverage: number }> = [];
  const perDocument = new Map<string, number>();
  let tokens = 0;
  for (const hit of hits) {
    if (kept.length === options.maxSources) break;
    const terms = passageTerms(hit);
    const coverage = relevance.coverage(terms);
    if (coverage < options.relevanceFloor) continue;
    const cost = estimateTokens(hit.text);
    if (tokens + cost > options.maxTokens) continue;
    if ((perDocument.get(hit.documentId) ?? 0) >= options.perDocument) continue;
    if (kept.some((k) => jaccard(k.terms, terms) > options.duplicateThreshold)) continue;
    kept.push({ hit, terms, coverage });
    perDocument.set(hit.documentId, (perDocument.get(hit.documentId) ?? 0) + 1);
    tokens += cost;
  }
  return kept.map(({ hit, coverage }, i) => ({
    n: i + 1,
    documentId: hit.documentId,
    chunkId: hit.chunkId,
    title: hit.title,
    ...(hit.url ? { url: hit.url } : {}),
    headingPath: hit.headingPath,
    text: hit.text,
    score: hit.score,
    coverage,
  }));
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}
