import { estimateTokens } from './estimate-tokens';

describe('estimateTokens', () => {
  it('is about a quarter of the characters for ordinary prose', () => {
    const text = 'Chargebacks usually take between thirty and ninety days to resolve.';
    expect(estimateTokens(text)).toBe(Math.ceil(text.length / 4));
  });

  it('is at least the word count', () => {
    expect(estimateTokens('a b c d e f')).toBe(6);
  });

  it('is zero for empty text', () => {
    expect(estimateTokens('')).toBe(0);
  });
});
