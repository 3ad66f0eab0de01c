import type { SearchHit } from '@eloquent/contracts';
import { analyze, estimateTokens } from '@eloquent/text';
import type { ContextSource } from '../generation/answer-generator';

export interface PackingOptions {
  /** Total token budget of the sources in the prompt. */
  maxTokens: number;
  /** At most this many passages from one document, so one article cannot crowd out the rest. */
  perDocument: number;
  /** Passages whose word sets overlap more than this (Jaccard) with a kept one are dropped. */
  duplicateThreshold: number;
}

export const DEFAULT_PACKING: PackingOptions = { maxTokens: 3000, perDocument: 2, duplicateThreshold: 0.8 };

/**
 * Chooses the passages the answer may cite, best first, numbered [1]..[n]: drops
 * near-duplicates (overlapping chunks say the same thing twice), caps passages per
 * document, and stops at the token budget.
 */
export function packContext(hits: SearchHit[], options: PackingOptions = DEFAULT_PACKING): ContextSource[] {
  const kept: Array<{ hit: SearchHit; terms: Set<string> }> = [];
  const perDocument = new Map<string, number>();
  let tokens = 0;
  for (const hit of hits) {
    const cost = estimateTokens(hit.text);
    if (tokens + cost > options.maxTokens) continue;
    if ((perDocument.get(hit.documentId) ?? 0) >= options.perDocument) continue;
    const terms = new Set(analyze(hit.text));
    if (kept.some((k) => jaccard(k.terms, terms) > options.duplicateThreshold)) continue;
    kept.push({ hit, terms });
    perDocument.set(hit.documentId, (perDocument.get(hit.documentId) ?? 0) + 1);
    tokens += cost;
  }
  return kept.map(({ hit }, i) => ({
    n: i + 1,
    documentId: hit.documentId,
    chunkId: hit.chunkId,
    title: hit.title,
    ...(hit.url ? { url: hit.url } : {}),
    headingPath: hit.headingPath,
    text: hit.text,
    score: hit.score,
  }));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}
