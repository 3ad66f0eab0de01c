import { minIdAfter } from './stream-trim';

describe('minIdAfter', () => {
  it('is the next sequence number of the same millisecond', () => {
    expect(minIdAfter('1795712619551-0')).toBe('1795712619551-1');
    expect(minIdAfter('1795712619551-41')).toBe('1795712619551-42');
  });

  it('stays exact past the safe integers', () => {
    expect(minIdAfter('1-18446744073709551614')).toBe('1-18446744073709551615');
  });

  it('refuses what is not a stream id', () => {
    expect(() => minIdAfter('1795712619551')).toThrow('not a stream id');
  });
});
