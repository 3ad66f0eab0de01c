import { injectShortTypo, injectTypo } from './typos';

describe('injectTypo', () => {
  it('mistypes the middle of the longest word of six letters or more', () => {
    expect(injectTypo('how do I change my address', 'swap')).toBe('how do I change my adrdess');
    expect(injectTypo('how do I change my address', 'drop')).toBe('how do I change my addess');
    expect(injectTypo('how do I change my address', 'double')).toBe('how do I change my addrress');
  });

  it('takes the first of equally long words and keeps the rest of the question', () => {
    expect(injectTypo('Closing account, please?', 'swap')).toBe('Clsoing account, please?');
  });

  it('leaves a question without a long enough word alone', () => {
    expect(injectTypo('can I pay by card', 'swap')).toBe('can I pay by card');
  });
});

describe('injectShortTypo', () => {
  it('leaves the first content word it can four letters long: a four-letter word swapped, a five-letter one dropped, a three-letter one doubled', () => {
    expect(injectShortTypo('how do i freeze my card', 'swap')).toBe('how do i freeze my crad');
    expect(injectShortTypo('what is the limit on my card', 'drop')).toBe('what is the liit on my card');
    expect(injectShortTypo('is there a fee for it', 'double')).toBe('is there a feee for it');
  });

  it('skips stopwords and the parts of contractions', () => {
    // "what" and "from" are stopwords, "don" is part of "don't".
    expect(injectShortTypo("what don't I get from my bank", 'swap')).toBe("what don't I get from my bnak");
  });

  it('leaves a question without such a word alone', () => {
    expect(injectShortTypo('how do I close an account', 'swap')).toBe('how do I close an account');
  });
});
