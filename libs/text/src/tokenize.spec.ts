import { tokenize } from './tokenize';

describe('tokenize', () => {
  it('lowercases and splits on punctuation and whitespace', () => {
    expect(tokenize("Hello, World! It's   a test-case.")).toEqual(['hello', 'world', 'it', 's', 'a', 'test', 'case']);
  });

  it('strips diacritics', () => {
    expect(tokenize('Café crème, naïve Ångström')).toEqual(['cafe', 'creme', 'naive', 'angstrom']);
  });

  it('folds compatibility characters', () => {
    expect(tokenize('ﬁle ①')).toEqual(['file', '1']);
  });

  it('keeps numbers, split at separators', () => {
    expect(tokenize('€2.50 fee, 120 days, 3DS')).toEqual(['2', '50', 'fee', '120', 'days', '3ds']);
  });

  it('keeps letters of other scripts', () => {
    expect(tokenize('Привет мир')).toEqual(['привет', 'мир']);
  });

  it('returns nothing for text without letters or digits', () => {
    expect(tokenize('  —!? ')).toEqual([]);
    expect(tokenize('')).toEqual([]);
  });
});
