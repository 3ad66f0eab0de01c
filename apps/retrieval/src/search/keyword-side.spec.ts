import { EnglishWords } from '@eloquent/text';
import { NamespaceIndex } from '../local-index/namespace-index';
import { localKeywordSide, withMisspellings } from './keyword-side';

const BM25 = { k1: 0.9, b: 0.4, fieldWeights: { title: 3, heading: 1.5, body: 1 } };
const ARTICLES = [
  ['How do I change my address?', 'Change your address in the app under Profile.'],
  ['Close your account', 'You can close your account at any time.'],
  ['Card payments', 'A card payment shows at once in the app.'],
  ['Weather and travel', 'No article here speaks of mortgages.'],
];

function helpCenter(): NamespaceIndex {
  const index = new NamespaceIndex(BM25);
  ARTICLES.forEach(([title, text], i) => index.putDocument(`doc${i}`, [{ chunkId: `doc${i}#0`, title, headingPath: [], text, metadata: {} }]));
  return index;
}

describe('localKeywordSide', () => {
  const index = helpCenter();
  const words = EnglishWords.load();

  it('searches a misspelt question as the index spells it, and reports which terms were corrected', () => {
    const side = localKeywordSide(index, 'plz how to chnage my adress', words);
    expect(side.search!(3).map((hit) => hit.id)[0]).toBe('doc0#0');
    expect(side.search!(3)).toEqual(localKeywordSide(index, 'plz how to change my address', words).search!(3));
    // "plz" is chat-speak for a stopword (libs/text analyze).
    expect(side.termStats()).toEqual([
      { term: 'chang', chunks: 1, misspelt: ['chnage'] },
      { term: 'address', chunks: 1, misspelt: ['adress'] },
    ]);
    expect([...side.queryWeights().keys()]).toEqual(['chang', 'address']);
  });

  it('leaves English words the index lacks, numbers and short words alone', () => {
    const side = localKeywordSide(index, 'remortgage my hose 12345 grr', words);
    expect(side.termStats()).toEqual([
      { term: 'remortgag', chunks: 0 },
      { term: 'hose', chunks: 0 },
      { term: '12345', chunks: 0 },
      { term: 'grr', chunks: 0 },
    ]);
  });

  it('without a word list (SPELLING_CORRECTION=off), corrects nothing', () => {
    const side = localKeywordSide(index, 'plz how to chnage my adress');
    expect(side.termStats().every((stat) => stat.misspelt === undefined)).toBe(true);
    expect(side.search!(3)).toEqual([]);
  });
});

describe('withMisspellings', () => {
  it('names, under each term, every misspelt term read as it', () => {
    const corrections = new Map([
      ['acount', 'account'],
      ['accont', 'account'],
    ]);
    expect(
      withMisspellings(
        [
          { term: 'account', chunks: 3 },
          { term: 'close', chunks: 1 },
        ],
        corrections,
      ),
    ).toEqual([
      { term: 'account', chunks: 3, misspelt: ['acount', 'accont'] },
      { term: 'close', chunks: 1 },
    ]);
  });
});
