import { analyze } from './analyze';
import { STOPWORDS } from './stopwords';

describe('analyze', () => {
  it('drops stopwords and stems the rest', () => {
    expect(analyze('How do I dispute the charges on my card?')).toEqual(['disput', 'charg', 'card']);
  });

  it('drops the fragments left by contractions', () => {
    expect(analyze("I don't recognise this payment")).toEqual(['recognis', 'payment']);
  });

  it('drops contractions typed without their apostrophe, as with it', () => {
    expect(analyze('I dont recognise this payment, whats this')).toEqual(analyze("I don't recognise this payment, what's this"));
    expect(analyze('my card didnt work and the shop wont say why')).toEqual(['card', 'work', 'shop', 'say']);
  });

  it('drops chat-speak for stopwords, as the words it stands for', () => {
    expect(analyze('can u tell me wat r the fees pls, thx')).toEqual(
      analyze('can you tell me what are the fees please, thanks').filter((t) => !['pleas', 'thank'].includes(t)),
    );
    expect(analyze('can u tell me wat r the fees pls')).toEqual(['tell', 'fee']);
  });

  it('keeps words that only look like a contraction without its apostrophe', () => {
    expect(analyze('is my ID ill-suited')).toEqual(['id', 'ill', 'suit']);
  });

  it('maps inflections to one term', () => {
    expect(analyze('Disputed disputes disputing')).toEqual(['disput', 'disput', 'disput']);
  });
});

describe('STOPWORDS', () => {
  it('is a standard-sized English list', () => {
    expect(STOPWORDS.size).toBeGreaterThan(150);
    for (const word of ['the', 'and', 'of', 'is', 'you', 'which']) expect(STOPWORDS.has(word)).toBe(true);
    for (const word of ['card', 'refund', 'dispute']) expect(STOPWORDS.has(word)).toBe(false);
  });
});
