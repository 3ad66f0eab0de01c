import type { SearchHit } from '@eloquent/contracts';
import { QueryRelevance } from '../relevance/query-relevance';
import { rankByArticle } from './article-ranking';

function hit(chunkId: string, documentId: string, title: string, headingPath: string[], text: string, score: number): SearchHit {
  return { chunkId, documentId, externalId: `${documentId}.md`, title, headingPath, text, score, scores: { bm25: score } };
}

const rank = (question: string, hits: SearchHit[]) => rankByArticle(hits, QueryRelevance.fromCandidates(question, hits)).map((h) => h.chunkId);

describe('rankByArticle', () => {
  const hits = [
    hit('freeze-1', 'freeze', 'Freeze and unfreeze your card', ['Freezing'], 'You can stop using your card for a while by freezing it in the app.', 1),
    hit('fees-1', 'fees', 'List of fees', [], 'Closing an account is free.', 0.9),
    hit('close-1', 'close', 'How do I close my account?', ['Before you close'], 'Move your money out first.', 0.8),
    hit('freeze-2', 'freeze', 'Freeze and unfreeze your card', ['Unfreezing'], 'Unfreeze it in the app.', 0.5),
    hit('close-2', 'close', 'How do I close my account?', ['After closing'], 'Statements stay available.', 0.3),
  ];

  it('puts first the article whose title asks the question, its hits in their order, the rest where they were', () => {
    expect(rank('how do I close my account', hits)).toEqual(['close-1', 'close-2', 'freeze-1', 'fees-1', 'freeze-2']);
  });

  it("keeps retrieval's order when no title or heading matches the question better", () => {
    expect(rank('stop using my card for a while', hits)).toEqual(['freeze-1', 'freeze-2', 'fees-1', 'close-1', 'close-2']);
  });

  it('counts a section heading as well as the title', () => {
    const sections = [
      hit('a', 'plans', 'Account plans', ['Monthly fees'], 'Premium costs 5 a month.', 1),
      hit('b', 'cards', 'Cards', ['Replace a broken card'], 'Order a new one in the app.', 0.7),
    ];
    expect(rank('replace a broken card', sections)).toEqual(['b', 'a']);
  });

  it('leaves an empty list or one without positive scores as it is', () => {
    expect(rank('anything', [])).toEqual([]);
    const zero = [hit('x', 'x', 'X', [], 'x text', 0), hit('y', 'y', 'How do I close my account?', [], 'y', 0)];
    expect(rank('how do I close my account', zero)).toEqual(['x', 'y']);
  });
});
