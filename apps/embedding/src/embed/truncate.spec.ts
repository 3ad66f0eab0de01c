import { fitToTokens } from './truncate';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('fitToTokens', () => {
  it('returns a text that fits unchanged', () => {
    expect(fitToTokens('one two three', 3, words)).toEqual({ text: 'one two three', truncated: false });
  });

  it('keeps the longest prefix within the limit', () => {
    const { text, truncated } = fitToTokens('one two three four five', 3, words);
    expect(truncated).toBe(true);
    expect(text.trim()).toBe('one two three');
  });

  it('never splits a surrogate pair', () => {
    const chars = (t: string) => t.length;
    const { text } = fitToTokens('ab😀cd', 3, chars);
    expect(text).toBe('ab');
  });
});
