import type { QueryTermStats, SearchHit } from '@eloquent/contracts';
import { searchHit } from '@eloquent/testing';
import { analyze } from '@eloquent/text';
import { QueryRelevance } from '../relevance/query-relevance';
import { Synonyms } from '../relevance/synonyms';
import { decideCoverage } from './coverage-decision';
import { MAX_SUGGESTED_ARTICLES, pickedSuggestion, suggestArticles, SUGGESTION_FLOOR, type PreviousMessage } from './suggested-articles';

function hit(documentId: string, title: string, text: string, score: number, url?: string): SearchHit {
  return searchHit(documentId, { title, ...(url ? { url } : {}), text, score, scores: { bm25: score * 10, vector: 0.1 } });
}

const HITS = [
  hit('limits', 'Why was my card declined?', 'A payment can be declined when it is over your card limit.', 1, 'https://help.example/limits'),
  hit('freeze', 'Freeze your card', 'Freeze your card in the app if you lost it. A frozen card declines every payment.', 0.9),
  hit('limits', 'Why was my card declined?', 'Raise your daily limit in the app.', 0.8, 'https://help.example/limits'),
  hit('pending', 'Why is my payment pending?', 'A card payment stays pending until the shop takes it.', 0.7),
  hit('fees', 'Fees', 'Monthly fees are listed in the price list.', 0.6),
];

const KNOWN = Object.fromEntries(analyze('card declined payment limit freeze lost app fees shop pending').map((t) => [t, 20]));

function suggest(question: string, hits: SearchHit[] = HITS, max?: number) {
  const relevance = QueryRelevance.fromCandidates(question, hits, Synonyms.none);
  const queryTerms: QueryTermStats[] = [...new Set(analyze(question))].map((term) => ({ term, chunks: KNOWN[term] ?? 0 }));
  const decision = decideCoverage({ hits, queryTerms, indexedChunks: 300, relevance });
  return { decision, suggested: suggestArticles(decision, hits, relevance, max) };
}

describe('suggestArticles', () => {
  it('offers the first articles on the subject, best first, each once, with title and link', () => {
    const { decision, suggested } = suggest('my card payment at the shop did not go through');
    expect(decision.verdict).not.toBe('off-topic');
    expect(suggested.map((a) => a.documentId)).toEqual(['limits', 'freeze', 'pending']);
    expect(suggested[0]).toEqual({ documentId: 'limits', title: 'Why was my card declined?', url: 'https://help.example/limits' });
    expect(suggested[1]).toEqual({ documentId: 'freeze', title: 'Freeze your card' });
  });

  it('leaves out an article whose passages hold less than the floor of the question', () => {
    // "fees" holds none of the question's words; the others hold "card" and "payment".
    const { suggested } = suggest('my card payment at the shop did not go through', [HITS[0], HITS[4], HITS[1]]);
    expect(suggested.map((a) => a.documentId)).toEqual(['limits', 'freeze']);
  });

  it('offers only articles that hold the floor: none when it asks for all of the question', () => {
    const question = 'my card payment at the shop did not go through';
    const relevance = QueryRelevance.fromCandidates(question, HITS, Synonyms.none);
    const { decision } = suggest(question);
    expect(suggestArticles(decision, HITS, relevance, MAX_SUGGESTED_ARTICLES, SUGGESTION_FLOOR)).toHaveLength(3);
    expect(suggestArticles(decision, HITS, relevance, MAX_SUGGESTED_ARTICLES, 1)).toEqual([]);
  });

  it('looks no further than the first articles: one further down does not take the place of one left out', () => {
    const { suggested } = suggest('my card payment at the shop did not go through', [HITS[0], HITS[4], HITS[1], HITS[3]]);
    expect(suggested.map((a) => a.documentId)).toEqual(['limits', 'freeze']);
  });

  it(`offers at most ${MAX_SUGGESTED_ARTICLES} articles, or fewer when asked`, () => {
    expect(suggest('card payment declined pending shop freeze').suggested).toHaveLength(MAX_SUGGESTED_ARTICLES);
    expect(suggest('card payment declined pending shop freeze', HITS, 1).suggested.map((a) => a.documentId)).toEqual(['limits']);
  });

  it('offers nothing for an off-topic question', () => {
    const { decision, suggested } = suggest('what is the capital of australia');
    expect(decision.verdict).toBe('off-topic');
    expect(suggested).toEqual([]);
  });

  it('offers nothing when nothing was retrieved', () => {
    expect(suggest('my card was declined', []).suggested).toEqual([]);
  });
});

describe('pickedSuggestion', () => {
  const address = { documentId: 'address', title: 'How do I change my address?', url: 'https://help.example/address' };
  const name = { documentId: 'name', title: 'Change your name' };
  const abstention: PreviousMessage = { role: 'assistant', suggestedArticles: [address, name] };

  it('picks the suggestion whose title the question is', () => {
    expect(pickedSuggestion('How do I change my address?', abstention)).toEqual(address);
    expect(pickedSuggestion('Change your name', abstention)).toEqual(name);
  });

  it('ignores case, spacing and a closing question mark, full stop or exclamation mark', () => {
    expect(pickedSuggestion('  how do I   change my\naddress  ', abstention)).toEqual(address);
    expect(pickedSuggestion('HOW DO I CHANGE MY ADDRESS??', abstention)).toEqual(address);
    expect(pickedSuggestion('change your name.', abstention)).toEqual(name);
    expect(pickedSuggestion('Change your name!', abstention)).toEqual(name);
  });

  it('picks nothing with a question that is not one of the titles', () => {
    expect(pickedSuggestion('How do I change my address in the app?', abstention)).toBeUndefined();
    expect(pickedSuggestion('change address', abstention)).toBeUndefined();
    expect(pickedSuggestion('', abstention)).toBeUndefined();
  });

  it('picks nothing without a previous message, after a question, or after an answer that suggested nothing', () => {
    expect(pickedSuggestion('Change your name', undefined)).toBeUndefined();
    expect(pickedSuggestion('Change your name', { role: 'user', suggestedArticles: [name] })).toBeUndefined();
    expect(pickedSuggestion('Change your name', { role: 'assistant' })).toBeUndefined();
    expect(pickedSuggestion('Change your name', { role: 'assistant', suggestedArticles: null })).toBeUndefined();
    expect(pickedSuggestion('Change your name', { role: 'assistant', suggestedArticles: [] })).toBeUndefined();
  });
});
