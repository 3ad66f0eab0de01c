import { analyze } from '../analyze';
import type { WordList } from '../wordnet-index';
import { NationalSpellings } from '../national-spellings';
import { correctQuery, correctWord, expandAbbreviation, oneEditAway } from './spelling-correction';

/** An index of a few terms with their chunk counts. */
function vocabulary(chunks: Record<string, number>) {
  return { documentFrequency: (term: string) => chunks[term] ?? 0 };
}

const INDEX = vocabulary({ chang: 12, address: 5, account: 40, count: 3, card: 30, payment: 20, transfer: 9, statement: 4, weather: 0, cart: 2, carp: 2 });
const ENGLISH: WordList = { has: (word) => ['weather', 'mortgage', 'changes', 'cards'].includes(word) };

describe('correctWord', () => {
  it('reads a misspelt word as the indexed term one edit away: swap, insertion, deletion, substitution', () => {
    expect(correctWord('chnage', INDEX, ENGLISH)).toBe('chang');
    expect(correctWord('adress', INDEX, ENGLISH)).toBe('address');
    expect(correctWord('paymentt', INDEX, ENGLISH)).toBe('payment');
    expect(correctWord('transfor', INDEX, ENGLISH)).toBe('transfer');
  });

  it('finds the neighbour by its inflected forms too', () => {
    expect(correctWord('stetements', INDEX, ENGLISH)).toBe('statement');
  });

  it('prefers a neighbour that is an English word to one whose stem happens to be more common', () => {
    // "reatment": "treatment" (insert t) or "relatment" (insert l), which stems to `relat` like "related".
    const index = vocabulary({ treatment: 3, relat: 50 });
    const english: WordList = { has: (word) => word === 'treatment' };
    expect(correctWord('reatment', index, english)).toBe('treatment');
    expect(correctWord('reatment', index, { has: () => false })).toBe('relat');
  });

  it('prefers the neighbour more chunks contain', () => {
    // "acount" is one edit from "account" (40 chunks) and from "count" (3).
    expect(correctWord('acount', INDEX, ENGLISH)).toBe('account');
  });

  it('leaves a word alone when two neighbours are as common (ambiguous)', () => {
    // "carqz" → "cartz" or "carpz", two chunks each.
    const index = vocabulary({ cartz: 2, carpz: 2 });
    expect(correctWord('carqz', index, ENGLISH)).toBeUndefined();
    // "bokes": "bikes" and "bakes", both English, in as many chunks; a third, non-English neighbour in as many.
    const words: WordList = { has: (word) => ['bikes', 'bakes'].includes(word) };
    expect(correctWord('bokes', vocabulary({ bike: 2, bake: 2, boke: 2 }), words)).toBeUndefined();
    expect(correctWord('bokes', vocabulary({ bike: 2, bake: 1, boke: 2 }), words)).toBe('bike');
  });

  it('leaves English words alone, even when the index lacks them', () => {
    const index = vocabulary({ feather: 3, mortgag: 0, mortgage: 0 });
    expect(correctWord('weather', index, ENGLISH)).toBeUndefined();
  });

  it('leaves alone words with digits, short words, and words with no indexed neighbour', () => {
    expect(correctWord('card5', INDEX, ENGLISH)).toBeUndefined();
    expect(correctWord('12345', INDEX, ENGLISH)).toBeUndefined();
    expect(correctWord('crd', INDEX, ENGLISH)).toBeUndefined();
    expect(correctWord('carx', INDEX, ENGLISH)).toBeUndefined();
    expect(correctWord('zalando', INDEX, ENGLISH)).toBeUndefined();
  });
});

describe('correctWord on a four-letter word', () => {
  const index = vocabulary({ card: 30, bank: 25, limit: 8, fee: 12, back: 10, oper: 5 });
  const english: WordList = { has: (word) => ['card', 'bank', 'limit', 'fee', 'fees', 'fess', 'back', 'backs', 'banks'].includes(word) };

  it('reads it as the one English word two swapped letters or an inserted one make of it', () => {
    expect(correctWord('crad', index, english)).toBe('card');
    expect(correctWord('bnak', index, english)).toBe('bank');
    expect(correctWord('limt', index, english)).toBe('limit');
    expect(correctWord('fese', index, english)).toBe('fee');
  });

  it('leaves an English word alone', () => {
    // "fess" (heraldry) is not a typo of "fees".
    expect(correctWord('fess', index, english)).toBeUndefined();
  });

  it('leaves it alone when two neighbours are indexed, however unequally common', () => {
    // "baks": "backs" (10 chunks) or "banks" (25).
    expect(correctWord('baks', index, english)).toBeUndefined();
  });

  it('tries no replaced or dropped letter, and no neighbour that is not an English word', () => {
    expect(correctWord('cerd', index, english)).toBeUndefined();
    expect(correctWord('feee', index, english)).toBeUndefined();
    // "poer" → "oper", which stems as "operate" does.
    expect(correctWord('poer', index, english)).toBeUndefined();
  });

  it('leaves alone a word with digits, and a shorter one', () => {
    expect(correctWord('cr4d', index, english)).toBeUndefined();
    expect(correctWord('crd', index, english)).toBeUndefined();
  });

  it('is corrected in a query', () => {
    expect(correctQuery('how do i freez my crad', vocabulary({ freez: 6, card: 30 }), { has: (word) => ['freeze', 'card'].includes(word) }).terms).toEqual([
      'freez',
      'card',
    ]);
  });
});

describe('correctQuery', () => {
  it('analyzes as analyze does, each misspelt term read as the indexed one, and says which', () => {
    const corrected = correctQuery('plz how to chnage my adress', INDEX, ENGLISH);
    // "plz" is chat-speak for a stopword (analyze.ts).
    expect(corrected.terms).toEqual(['chang', 'address']);
    expect([...corrected.corrections]).toEqual([
      ['chnage', 'chang'],
      ['adress', 'address'],
    ]);
  });

  it('touches no term the index has, and changes nothing in a query without typos', () => {
    const query = 'How do I change the address on my account?';
    expect(correctQuery(query, INDEX, ENGLISH)).toEqual({ terms: analyze(query), corrections: new Map() });
  });

  it('keeps numbers and unknown English words as they are', () => {
    expect(correctQuery('weather 2024 payment', INDEX, ENGLISH).terms).toEqual(['weather', '2024', 'payment']);
  });

  it('reads a word as its other national spelling when the index has that and not the word', () => {
    const spellings = NationalSpellings.of({ recognize: 'recognise', color: 'colour', authorize: 'authorise' }, { recognise: 'recognize', colour: 'color' });
    const english: WordList = {
      has: (word) => ['recognize', 'recognise', 'color', 'colour'].includes(word),
      otherSpelling: (word) => spellings.otherSpelling(word),
    };
    const british = vocabulary({ recognis: 16, payment: 20, authoris: 5 });
    const corrected = correctQuery('a payment i dont recognize, who authorized it? what is an authorization', british, english);
    expect(corrected.terms).toEqual(['payment', 'recognis', 'authoris', 'authoris']);
    expect([...corrected.corrections]).toEqual([
      ['recogn', 'recognis'],
      ['author', 'authoris'],
    ]);
    // The other way round, and never when the index has the word as written or lacks both.
    expect(correctQuery('recognise', vocabulary({ recogn: 3 }), english).terms).toEqual(['recogn']);
    expect(correctQuery('recognize', vocabulary({ recogn: 3, recognis: 3 }), english).corrections.size).toBe(0);
    // A word whose stem other words share ("authorities" is `author` too) is read as the spelling more chunks have.
    expect(correctQuery('authorize', vocabulary({ author: 2, authoris: 5 }), english).terms).toEqual(['authoris']);
    expect(correctQuery('authorize', vocabulary({ author: 6, authoris: 5 }), english).terms).toEqual(['author']);
    expect(correctQuery('colour', INDEX, english).terms).toEqual(['colour']);
  });

  it('reads a short form customers type as its word, when the index has the word', () => {
    const corrected = correctQuery('how do i close my acc, new addr', INDEX, ENGLISH);
    expect(corrected.terms).toEqual(['close', 'account', 'new', 'address']);
    expect([...corrected.corrections]).toEqual([
      ['acc', 'account'],
      ['addr', 'address'],
    ]);
  });
});

describe('expandAbbreviation', () => {
  it('reads a short form as the indexed term of its word, and nothing else', () => {
    expect(expandAbbreviation('acct', INDEX)).toBe('account');
    expect(expandAbbreviation('pw', INDEX)).toBeUndefined(); // the index has no "password"
    expect(expandAbbreviation('card', INDEX)).toBeUndefined();
  });
});

describe('oneEditAway', () => {
  it('has every deletion, swap, substitution and insertion, not the word itself', () => {
    const edits = oneEditAway('ab');
    for (const word of ['a', 'b', 'ba', 'xb', 'ax', 'xab', 'axb', 'abx']) expect(edits.has(word)).toBe(true);
    expect(edits.has('ab')).toBe(false);
    // 2 deletions, 1 swap, 2·25 substitutions, 3·26 insertions, less the duplicates ("aab" twice, "abb" twice).
    expect(edits.size).toBe(2 + 1 + 50 + 78 - 2);
  });

  it('makes only the kinds of edit asked for', () => {
    expect([...oneEditAway('ab', ['swap'])]).toEqual(['ba']);
    expect(oneEditAway('ab', ['swap', 'insert']).size).toBe(1 + 78 - 2);
  });
});
