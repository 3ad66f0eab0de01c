import type { SearchHit } from '@eloquent/contracts';
import type { CoverageDecision, CoverageVerdict } from '../coverage-decision/coverage-decision';
import { QueryRelevance } from '../relevance/query-relevance';
import { answeredQuestions, mergedHits, twoQuestionPacking, type SearchedQuestion } from './two-questions';

function hit(chunkId: string, documentId: string): SearchHit {
  return { chunkId, documentId, externalId: `${documentId}.md`, title: documentId, headingPath: [], text: chunkId, score: 1, scores: {} };
}

function searched(question: string, verdict: CoverageVerdict, hits: SearchHit[]): SearchedQuestion {
  const coverage: CoverageDecision = {
    verdict,
    documentId: hits[0]?.documentId,
    evidence: { knownShare: 1, bestArticleCoverage: 1, lead: 1, vectorSimilarity: 1 },
    weights: new Map(),
  };
  return { question, relevance: QueryRelevance.fromCandidates(question, hits), coverage, hits };
}

describe('answeredQuestions', () => {
  const freeze = searched('how do I freeze my card', 'covered', [hit('f1', 'freeze'), hit('p1', 'pin')]);
  const pin = searched('change my PIN', 'covered', [hit('p1', 'pin'), hit('f1', 'freeze')]);
  const mortgage = searched('what are your mortgage rates', 'uncertain', [hit('s1', 'statements')]);

  it('answers each question the help center covers, in the order asked', () => {
    expect(answeredQuestions([freeze, pin])).toEqual([freeze, pin]);
    expect(answeredQuestions([mortgage, pin])).toEqual([pin]);
  });

  it('answers none on their own when none is covered, or both by the same article: the message is one question', () => {
    expect(answeredQuestions([mortgage, mortgage])).toEqual([]);
    expect(answeredQuestions([freeze, searched('how do I unfreeze it', 'covered', [hit('f2', 'freeze')])])).toEqual([]);
    expect(answeredQuestions([])).toEqual([]);
  });
});

describe('mergedHits', () => {
  it("puts each answered question's article first, in the order asked, then the rest, each chunk once", () => {
    const freeze = searched('how do I freeze my card', 'covered', [hit('f1', 'freeze'), hit('t1', 'team-cards'), hit('f2', 'freeze')]);
    const pin = searched('change my PIN', 'covered', [hit('p1', 'pin'), hit('f1', 'freeze'), hit('p2', 'pin')]);
    const whole = [hit('p3', 'pin'), hit('t1', 'team-cards'), hit('f1', 'freeze')];
    expect(mergedHits([freeze, pin], [whole, freeze.hits, pin.hits]).map((h) => h.chunkId)).toEqual(['f1', 'f2', 'p1', 'p2', 'p3', 't1']);
  });
});

describe('twoQuestionPacking', () => {
  it("gives each answered question a question's passage and token budget, and keeps the rest", () => {
    const packing = { maxSources: 16, maxTokens: 3000, perDocument: 5, duplicateThreshold: 0.8 };
    expect(twoQuestionPacking(packing, 2)).toEqual({ maxSources: 32, maxTokens: 6000, perDocument: 5, duplicateThreshold: 0.8 });
    expect(twoQuestionPacking(packing, 1)).toEqual(packing);
  });
});
