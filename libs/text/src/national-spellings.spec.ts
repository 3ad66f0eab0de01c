import { NationalSpellings } from './national-spellings';

describe('NationalSpellings', () => {
  it('gives the other spelling both ways, with the -ization nouns of the -ize verbs', () => {
    const spellings = NationalSpellings.of({ authorize: 'authorise', color: 'colour' }, { colour: 'color', authorise: 'authorize' });
    expect(spellings.otherSpelling('color')).toBe('colour');
    expect(spellings.otherSpelling('colour')).toBe('color');
    expect(spellings.otherSpelling('authorization')).toBe('authorisation');
    expect(spellings.otherSpelling('authorisations')).toBe('authorizations');
    expect(spellings.otherSpelling('card')).toBeUndefined();
  });

  it("reads the package's tables", () => {
    const spellings = NationalSpellings.load();
    expect(spellings.size).toBeGreaterThan(3000);
    for (const [american, british] of [
      ['recognize', 'recognise'],
      ['unauthorized', 'unauthorised'],
      ['canceled', 'cancelled'],
      ['behavior', 'behaviour'],
      ['center', 'centre'],
      ['authorization', 'authorisation'],
    ]) {
      expect(spellings.otherSpelling(american)).toBe(british);
      expect(spellings.otherSpelling(british)).toBe(american);
    }
    // Spellings that say which meaning is meant are not the same word spelt two ways.
    expect(spellings.otherSpelling('check')).toBeUndefined();
  });
});
