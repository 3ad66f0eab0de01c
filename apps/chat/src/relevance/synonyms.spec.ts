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

  describe('forQuestion', () => {
    const lexicon = { synonyms: (word: string) => ({ shut: ['close'], bills: ['invoice', 'charge'], closing: ['ending'], the: ['a'] })[word] ?? [] };

    it("adds the lexicon's synonyms of each word of the question, stemmed, to that word's term", () => {
      const synonyms = Synonyms.none.withLexicon(lexicon).forQuestion('Can I shut my account and pay the bills?');
      expect(synonyms.alternatives(term('shut'))).toEqual([term('shut'), term('close')]);
      expect(synonyms.alternatives(term('bill'))).toEqual([term('bill'), term('invoice'), term('charge')]);
      expect(synonyms.alternatives(term('account'))).toEqual([term('account')]);
    });

    it("keeps the team's groups, adding the lexicon's words to them", () => {
      const team = Synonyms.parse('shut, terminate\nhacked, compromised').withLexicon(lexicon);
      const synonyms = team.forQuestion('I want to shut it');
      expect(synonyms.alternatives(term('shut'))).toEqual(expect.arrayContaining([term('shut'), term('terminate'), term('close')]));
      expect(synonyms.alternatives(term('hacked'))).toEqual(expect.arrayContaining([term('compromised')]));
    });

    it('looks each word up in the lexicon once, however many questions use it', () => {
      const looked: string[] = [];
      const counting = { synonyms: (word: string) => (looked.push(word), lexicon.synonyms(word)) };
      const synonyms = Synonyms.none.withLexicon(counting);
      const first = synonyms.forQuestion('shut the bills');
      const second = synonyms.forQuestion('Shut and pay my bills');
      expect(looked.sort()).toEqual(['bills', 'pay', 'shut']);
      expect(second.alternatives(term('shut'))).toEqual(first.alternatives(term('shut')));
      expect(second.alternatives(term('bill'))).toEqual([term('bill'), term('invoice'), term('charge')]);
    });

    it('is the groups alone without a lexicon', () => {
      const team = Synonyms.parse('shut, terminate');
      expect(team.forQuestion('shut the bills')).toBe(team);
      expect(team.withLexicon(undefined)).toBe(team);
    });
  });
});
