import type { QueryTermStats, SearchHit } from '@eloquent/contracts';
import { searchHit } from '@eloquent/testing';
import { analyze } from '@eloquent/text';
import { QueryRelevance } from '../relevance/query-relevance';
import { Synonyms } from '../relevance/synonyms';
import { answers, COVERAGE_THRESHOLDS, decideCoverage, type CoverageDecision } from './coverage-decision';

function hit(documentId: string, title: string, text: string, score: number, vector?: number): SearchHit {
  return searchHit(documentId, { title, text, score, scores: { bm25: score * 10, ...(vector === undefined ? {} : { vector }) } });
}

const HITS = [
  hit('close', 'How do I close my account?', 'You can close your account at any time in the app. Your balance is sent to your IBAN.', 1, 0.3),
  hit('close', 'How do I close my account?', 'A closed account cannot be reopened.', 0.8, 0.2),
  hit('cards', 'Freeze your card', 'Freeze your card in the app if you lost it.', 0.5, 0.15),
  hit('fees', 'Fees', 'Account fees are listed in the app.', 0.3, 0.1),
];

/** Retrieval's term statistics for a query over a knowledge base of `chunks` chunks, in which `known` words occur. */
function termStats(query: string, known: Record<string, number>): QueryTermStats[] {
  return [...new Set(analyze(query))].map((term) => ({ term, chunks: known[term] ?? 0 }));
}

const KNOWN = Object.fromEntries(analyze('close account app balance iban reopen freeze card lost fees listed want bank money').map((t) => [t, 20]));

function decide(question: string, hits = HITS, synonyms = Synonyms.none): CoverageDecision {
  return decideCoverage({
    hits,
    queryTerms: termStats(question, KNOWN),
    indexedChunks: 300,
    relevance: QueryRelevance.fromCandidates(question, hits, synonyms),
  });
}

describe('decideCoverage', () => {
  it('is covered when the best article holds most of the question, and names that article', () => {
    const decision = decide('How do I close my account?');
    expect(decision).toEqual(expect.objectContaining({ verdict: 'covered', documentId: 'close' }));
    expect(decision.evidence.bestArticleCoverage).toBeGreaterThanOrEqual(COVERAGE_THRESHOLDS.coveredCoverage);
  });

  it("counts the best article's passages together: one section need not hold every word", () => {
    // "reopen" is only in the second passage, "balance" only in the first.
    expect(decide('can I reopen my account, and what about my balance').verdict).toBe('covered');
  });

  it('is off-topic when the question is about words the knowledge base never uses', () => {
    const noise = HITS.map((h) => ({ ...h, scores: { ...h.scores, vector: 0.05 } }));
    const decision = decide("What's the weather tomorrow in Berlin?", noise);
    expect(decision.verdict).toBe('off-topic');
    expect(decision.evidence.knownShare).toBe(0);
  });

  it('is uncertain, not covered, when the weightiest word of the question is unknown (a near miss)', () => {
    // "mortgage" is what the question is about; the knowledge base never says it.
    const decision = decide('Can I get a mortgage for my account?');
    expect(decision.verdict).toBe('uncertain');
    expect(decision.evidence.knownShare).toBeLessThan(COVERAGE_THRESHOLDS.coveredKnownShare);
  });

  it('accepts weaker word coverage when the best article clearly leads or is close in the vector leg', () => {
    // Half the question's weight: "close" and "card", not "bank" or "lost".
    const question = 'how do I close my bank card, it is lost';
    const weak = decide(question, [hit('close', 'Close', 'Close your card in the app.', 1, 0.05), hit('fees', 'Fees', 'Fees of the app.', 0.95, 0.05)]);
    const clear = decide(question, [hit('close', 'Close', 'Close your card in the app.', 1, 0.35), hit('fees', 'Fees', 'Fees of the app.', 0.95, 0.05)]);
    expect(weak.evidence.bestArticleCoverage).toBe(clear.evidence.bestArticleCoverage);
    expect(clear.evidence.bestArticleCoverage).toBeLessThan(COVERAGE_THRESHOLDS.coveredCoverage);
    expect(weak.verdict).toBe('uncertain');
    expect(clear.verdict).toBe('covered');
  });

  it('uses the synonyms in the coverage of the best article', () => {
    const question = 'how do I terminate my account';
    expect(decide(question).verdict).not.toBe('covered');
    expect(decide(question, HITS, Synonyms.parse('close, terminate')).verdict).toBe('covered');
  });

  it("uses a general lexicon's synonyms of the question's words (WordNet by default) the same way", () => {
    const question = 'I want to shut my account';
    const lexicon = { synonyms: (word: string) => (word === 'shut' ? ['close'] : []) };
    expect(decide(question).verdict).not.toBe('covered');
    expect(decide(question, HITS, Synonyms.none.withLexicon(lexicon).forQuestion(question)).verdict).toBe('covered');
  });

  it('is off-topic when nothing was retrieved', () => {
    expect(decide('How do I close my account?', []).verdict).toBe('off-topic');
  });

  it("weighs terms over the candidates when retrieval does not report the knowledge base's statistics", () => {
    const question = 'How do I close my account?';
    const decision = decideCoverage({ hits: HITS, relevance: QueryRelevance.fromCandidates(question, HITS) });
    expect(decision.verdict).toBe('covered');
  });
});

describe('answers', () => {
  const evidence = { knownShare: 1, bestArticleCoverage: 1, lead: 1, vectorSimilarity: 1 };
  it.each([
    ['covered', true, true],
    ['uncertain', true, false],
    ['off-topic', false, false],
  ] as const)('%s: Claude answers %s, the extractive generator %s', (verdict, llm, extractive) => {
    const decision: CoverageDecision = { verdict, evidence, weights: new Map() };
    expect(answers(decision, 'llm')).toBe(llm);
    expect(answers(decision, 'retrieval-only')).toBe(extractive);
  });
});
