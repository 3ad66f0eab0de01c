import type { SearchHit } from '@eloquent/contracts';
import { QueryRelevance } from '../relevance/query-relevance';
import { packContext, type PackingOptions } from './context-packer';

let next = 0;
function hit(documentId: string, title: string, text: string): SearchHit {
  next++;
  return { chunkId: `chunk-${next}`, documentId, externalId: `${documentId}.md`, title, headingPath: [], text, score: 1 / next, scores: {} };
}

const OPTIONS: PackingOptions = { maxSources: 8, maxTokens: 1000, perDocument: 2, duplicateThreshold: 0.8 };
const QUESTION = 'How do I freeze my card?';

describe('packContext', () => {
  it('numbers the kept passages in rank order and records their coverage', () => {
    const hits = [hit('a', 'Freeze your card', 'Tap Freeze on the card.'), hit('b', 'Card limits', 'Freeze a card to block payments.')];
    const sources = packContext(hits, QueryRelevance.fromCandidates(QUESTION, hits), OPTIONS);
    expect(sources.map((s) => [s.n, s.chunkId])).toEqual([
      [1, hits[0].chunkId],
      [2, hits[1].chunkId],
    ]);
    expect(sources[0].coverage).toBe(1);
  });

  it("keeps the best article's passages, then one passage of every other article, before more of any", () => {
    const hits = [
      hit('a', 'Freeze', 'Tap Freeze on the card.'),
      hit('b', 'Limits', 'Your card has a daily limit.'),
      hit('b', 'Limits', 'Raise the limit in the app.'),
      hit('a', 'Freeze', 'Unfreeze it at any time.'),
      hit('c', 'Close', 'Closing the account cancels every card.'),
    ];
    const sources = packContext(hits, QueryRelevance.fromCandidates(QUESTION, hits), { ...OPTIONS, maxSources: 4 });
    // Rank order is kept for the numbering; the second "Limits" passage is what did not fit.
    expect(sources.map((s) => s.chunkId)).toEqual([hits[0].chunkId, hits[1].chunkId, hits[3].chunkId, hits[4].chunkId]);
  });

  it('keeps the passages of each leading article in turn when a message asks two questions', () => {
    const passages: Array<[string, string]> = [
      ['a', 'Tap Freeze.'],
      ['b', 'A daily limit.'],
      ['a', 'Unfreeze it.'],
      ['c', 'View your PIN.'],
      ['c', 'Change your PIN.'],
    ];
    const hits = passages.map(([documentId, text]) => hit(documentId, documentId, text));
    const sources = packContext(hits, QueryRelevance.fromCandidates(QUESTION, hits), { ...OPTIONS, maxSources: 4 }, ['a', 'c']);
    // Rank order is kept for the numbering; the other article's passage is what did not fit.
    expect(sources.map((s) => s.chunkId)).toEqual([hits[0].chunkId, hits[2].chunkId, hits[3].chunkId, hits[4].chunkId]);
  });

  it('packs passages whatever their coverage: whether to answer is decided elsewhere', () => {
    const hits = [hit('a', 'Card limits', 'Your card has a daily limit.'), hit('b', 'Fees', 'Cards cost nothing.')];
    const unrelated = QueryRelevance.fromCandidates('What are your mortgage rates?', hits);
    expect(packContext(hits, unrelated, OPTIONS).map((s) => [s.chunkId, s.coverage])).toEqual([
      [hits[0].chunkId, 0],
      [hits[1].chunkId, 0],
    ]);
  });

  it('drops near-duplicates and caps passages per document', () => {
    const text = 'To freeze your card, open Cards and tap Freeze. You can unfreeze it at any time.';
    const hits = [
      hit('a', 'Freeze', text),
      hit('b', 'Freeze', `${text} `),
      hit('a', 'Freeze', 'Freeze the card from the app.'),
      hit('a', 'Freeze', 'A frozen card declines payments; freeze it.'),
    ];
    const sources = packContext(hits, QueryRelevance.fromCandidates(QUESTION, hits), OPTIONS);
    expect(sources.map((s) => s.chunkId)).toEqual([hits[0].chunkId, hits[2].chunkId]);
  });

  it('stays within the token budget and the source count, skipping a passage too large for what is left', () => {
    const big = hit('a', 'Freeze', `Freeze your card. ${'word '.repeat(400)}`);
    const small = hit('b', 'Freeze', 'Freeze your card in the app.');
    const hits = [hit('c', 'Freeze', 'Tap Freeze card.'), big, small];
    const relevance = QueryRelevance.fromCandidates(QUESTION, hits);
    expect(packContext(hits, relevance, { ...OPTIONS, maxTokens: 100 }).map((s) => s.chunkId)).toEqual([hits[0].chunkId, small.chunkId]);
    expect(packContext(hits, relevance, { ...OPTIONS, maxSources: 1 })).toHaveLength(1);
  });
});
