import { stem } from './stem';

// Expected stems are from the Snowball English test vocabulary (voc.txt → output.txt).
const CASES: Array<[string, string]> = [
  // Regions and ordinary suffixes.
  ['consign', 'consign'],
  ['consigned', 'consign'],
  ['consigning', 'consign'],
  ['consignment', 'consign'],
  ['consist', 'consist'],
  ['consisted', 'consist'],
  ['consistency', 'consist'],
  ['consistent', 'consist'],
  ['consistently', 'consist'],
  ['knightly', 'knight'],
  ['running', 'run'],
  ['happily', 'happili'],
  // R1 starts after gener-/commun-.
  ['generously', 'generous'],
  ['generate', 'generat'],
  ['generation', 'generat'],
  ['communism', 'communism'],
  // Step 1a.
  ['caresses', 'caress'],
  ['cries', 'cri'],
  ['ties', 'tie'],
  ['gaps', 'gap'],
  ['gas', 'gas'],
  ['sayings', 'say'],
  // Step 1b.
  ['agreed', 'agre'],
  ['feed', 'feed'],
  ['hoped', 'hope'],
  ['hopping', 'hop'],
  ['luxuriating', 'luxuri'],
  ['yelling', 'yell'],
  // Step 1c.
  ['crying', 'cri'],
  // Steps 2 to 5.
  ['relational', 'relat'],
  ['conditional', 'condit'],
  ['rational', 'ration'],
  ['hesitancy', 'hesit'],
  ['digitizer', 'digit'],
  ['radically', 'radic'],
  ['predication', 'predic'],
  ['operator', 'oper'],
  ['feudalism', 'feudal'],
  ['decisiveness', 'decis'],
  ['callousness', 'callous'],
  ['hopefulness', 'hope'],
  ['formative', 'format'],
  ['formalize', 'formal'],
  ['electrical', 'electr'],
  ['goodness', 'good'],
  ['allowance', 'allow'],
  ['inference', 'infer'],
  ['airliner', 'airlin'],
  ['adjustable', 'adjust'],
  ['replacement', 'replac'],
  ['adoption', 'adopt'],
  ['effective', 'effect'],
  ['probate', 'probat'],
  ['rate', 'rate'],
  ['cease', 'ceas'],
  ['controll', 'control'],
  ['roll', 'roll'],
  // Exceptional forms.
  ['skies', 'sky'],
  ['sky', 'sky'],
  ['dying', 'die'],
  ['lying', 'lie'],
  ['news', 'news'],
  ['only', 'onli'],
  ['early', 'earli'],
  ['idly', 'idl'],
  ['cosmos', 'cosmos'],
  ['inning', 'inning'],
  ['exceed', 'exceed'],
  ['succeeded', 'succeed'],
  ['herrings', 'herring'],
];

describe('stem (Porter2)', () => {
  it.each(CASES)('stems %s to %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it('leaves words shorter than three letters alone', () => {
    expect(stem('is')).toBe('is');
    expect(stem('a')).toBe('a');
  });

  it('removes possessive endings', () => {
    expect(stem("bank's")).toBe('bank');
    expect(stem("banks'")).toBe('bank');
  });

  it('returns the same stem when memoised', () => {
    expect(stem('disputes')).toBe('disput');
    expect(stem('disputes')).toBe('disput');
  });
});
