import { injectTypo } from './typos';

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
