import { analyze } from '@eloquent/text';
import { passageTerms, QueryRelevance, spellingCorrections } from './query-relevance';
import { Synonyms } from './synonyms';

const passage = (title: string, text: string) => ({ title, headingPath: [], text });
const CANDIDATES = [
  passage('Open an account', 'You can open an account in the app.'),
  passage('Close your account', 'You can close your account at any time, or open a new one.'),
  passage('Joint savings', 'Pots can be shared with one other customer.'),
  passage('Account fees', 'Your account has no monthly fee.'),
];

describe('QueryRelevance', () => {
  it('weights a term by how few candidates contain it', () => {
    const relevance = QueryRelevance.fromCandidates('Can I open a joint account?', CANDIDATES);
    expect(relevance.terms).toEqual(['open', 'joint', 'account']);
    expect(relevance.weight('joint')).toBeGreaterThan(relevance.weight('open'));
    expect(relevance.weight('open')).toBeGreaterThan(relevance.weight('account'));
  });

  it('does not weigh numbers, nor codes no candidate contains: they are details of the case, not its subject', () => {
    const withCodes = [...CANDIDATES, passage('Two-factor authentication', 'Turn on 2fa for your account.')];
    const relevance = QueryRelevance.fromCandidates('I am 16, can I open an account with 2FA? IBAN DE89', withCodes);
    expect(relevance.terms).toEqual(['open', 'account', '2fa', 'iban']);
    expect(relevance.allTerms).toEqual(expect.arrayContaining(['16', 'de89']));
  });

  it('measures weighted coverage and the plain share of terms', () => {
    const relevance = QueryRelevance.fromCandidates('Can I open a joint account?', CANDIDATES);
    const openAccount = passageTerms(CANDIDATES[0]);
    expect(relevance.share(openAccount)).toBeCloseTo(2 / 3);
    // The two common words carry less of the question's weight than their count suggests.
    expect(relevance.coverage(openAccount)).toBeLessThan(relevance.share(openAccount));
    expect(relevance.coverage(new Set(['open', 'joint', 'account']))).toBe(1);
  });

  it('measures two sets as their union without building it', () => {
    const synonyms = Synonyms.parse('hacked, compromised');
    const relevance = QueryRelevance.fromCandidates('Can I open a joint account if it was hacked?', CANDIDATES, synonyms);
    const sentence = new Set(analyze('Open a joint one today.'));
    const heading = new Set(analyze('Compromised account'));
    expect(relevance.coverage(sentence, heading)).toBe(relevance.coverage(new Set([...sentence, ...heading])));
    expect(relevance.share(sentence, heading)).toBe(relevance.share(new Set([...sentence, ...heading])));
    expect(relevance.share(sentence, heading)).toBe(1);
    expect(relevance.coverage(sentence)).toBeLessThan(relevance.coverage(sentence, heading));
  });

  it('ignores words that shape a question without naming its subject (but keeps them for heading similarity)', () => {
    const relevance = QueryRelevance.fromCandidates('Hi, how much does it cost please?', CANDIDATES);
    expect(relevance.terms).toEqual(['cost']);
    expect(relevance.allTerms).toEqual(expect.arrayContaining(['much', 'cost']));
  });

  it('ignores the words that lead into a question after a story ("Anyway, …")', () => {
    const led = QueryRelevance.fromCandidates('Anyway, basically how do I close my account?', CANDIDATES);
    expect(led.terms).toEqual(QueryRelevance.fromCandidates('how do I close my account?', CANDIDATES).terms);
  });

  it('ignores the chat-speak spellings of please and thanks as it does the words', () => {
    const typed = QueryRelevance.fromCandidates('plz how do I close my account thx', CANDIDATES);
    expect(typed.terms).toEqual(QueryRelevance.fromCandidates('please how do I close my account thanks', CANDIDATES).terms);
    expect(typed.terms).toEqual(['close', 'account']);
  });

  it('counts a synonym as the question’s own word, in the weights too', () => {
    const synonyms = Synonyms.parse('hacked, compromised');
    const question = 'What if someone hacked my account?';
    const candidates = [passage('Secure your account', 'If your account was compromised, freeze your cards.'), ...CANDIDATES];
    const plain = QueryRelevance.fromCandidates(question, candidates);
    const withSynonyms = QueryRelevance.fromCandidates(question, candidates, synonyms);
    const secure = passageTerms(candidates[0]);
    expect(plain.coverage(secure)).toBeLessThan(0.5);
    expect(withSynonyms.share(secure)).toBe(1);
    expect(withSynonyms.has(secure, analyze('hacked')[0])).toBe(true);
  });

  it('rates a heading by how closely it matches the whole question, both ways', () => {
    const relevance = QueryRelevance.fromCandidates('How do I close my account?', CANDIDATES);
    const heading = (text: string) => new Set(analyze(text));
    expect(relevance.similarity(heading('How to close your account'))).toBe(1);
    expect(relevance.similarity(heading('Closing a business account'))).toBeCloseTo(2 / 3);
    expect(relevance.similarity(heading('Joint savings'))).toBe(0);
  });

  it('covers nothing when the question has no content terms', () => {
    const relevance = QueryRelevance.fromCandidates('How are you?', CANDIDATES);
    expect(relevance.terms).toEqual([]);
    expect(relevance.coverage(passageTerms(CANDIDATES[0]))).toBe(0);
  });
});

describe('spellingCorrections', () => {
  it('maps each misspelt term retrieval reported to the term it searched instead; none when it reported none', () => {
    const corrections = spellingCorrections([
      { term: 'plz', chunks: 0 },
      { term: 'chang', chunks: 4, misspelt: ['chnage'] },
      { term: 'address', chunks: 2, misspelt: ['adress', 'addres'] },
    ]);
    expect([...corrections]).toEqual([
      ['chnage', 'chang'],
      ['adress', 'address'],
      ['addres', 'address'],
    ]);
    expect(spellingCorrections([{ term: 'card', chunks: 3 }]).size).toBe(0);
    expect(spellingCorrections(undefined).size).toBe(0);
  });

  it('makes the relevance measure read the question as retrieval searched it', () => {
    const candidates = [passage('Change your address', 'Update the address on your profile.'), ...CANDIDATES];
    const question = 'plz how to chnage my adress';
    const plain = QueryRelevance.fromCandidates(question, candidates);
    const corrected = QueryRelevance.fromCandidates(
      question,
      candidates,
      Synonyms.none,
      new Map([
        ['chnage', 'chang'],
        ['adress', 'address'],
      ]),
    );
    expect(plain.terms).toEqual(['chnage', 'adress']);
    expect(corrected.terms).toEqual(['chang', 'address']);
    expect(plain.coverage(passageTerms(candidates[0]))).toBe(0);
    expect(corrected.coverage(passageTerms(candidates[0]))).toBe(1);
  });
});
