import { analyze } from '@eloquent/text';
import { Synonyms } from './synonyms';

const term = (word: string) => analyze(word)[0];

describe('Synonyms', () => {
  it('groups comma-separated words, compared stemmed, ignoring comments and blank lines', () => {
    const synonyms = Synonyms.parse(['# customers’ words', '', 'hacked, compromised  # security', 'refund, reimburse'].join('\n'));
    expect(synonyms.alternatives(term('hacking'))).toEqual(expect.arrayContaining([term('hacked'), term('compromised')]));
    expect(synonyms.alternatives(term('reimbursed'))).toEqual(expect.arrayContaining([term('refund')]));
    expect(synonyms.alternatives(term('card'))).toEqual([term('card')]);
  });

  it('merges the groups a word is in', () => {
    const synonyms = Synonyms.parse('abroad, international\nabroad, overseas');
    expect([...synonyms.alternatives(term('abroad'))].sort()).toEqual([term('abroad'), term('international'), term('overseas')].sort());
  });

  it('refuses a malformed line, naming the file and the line', () => {
    expect(() => Synonyms.parse('hacked, compromised\nlonely', 'kb.txt')).toThrow('kb.txt:2: a group needs at least two comma-separated words');
    expect(() => Synonyms.parse('money back, refund', 'kb.txt')).toThrow('kb.txt:1: "money back" must be one word that is not a stopword');
  });

  it('has none when no file is configured', () => {
    expect(Synonyms.load(undefined).size).toBe(0);
  });
});
