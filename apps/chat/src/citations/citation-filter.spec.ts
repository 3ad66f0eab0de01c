import { CitationFilter } from './citation-filter';

/** Feeds `chunks` through a fresh filter and returns everything it emitted. */
function run(chunks: string[], valid: number[] = [1, 2, 3]): { text: string; filter: CitationFilter } {
  const filter = new CitationFilter(new Set(valid));
  const text = chunks.map((chunk) => filter.push(chunk)).join('') + filter.end();
  return { text, filter };
}

/** Every way of cutting `text` into two chunks, and into single characters. */
function splits(text: string): string[][] {
  const out: string[][] = [[...text]];
  for (let i = 0; i <= text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

describe('CitationFilter', () => {
  it('passes text without markers through unchanged', () => {
    expect(run(['Hello ', 'world.']).text).toBe('Hello world.');
  });

  it.each([
    ['Reset it in the app [1]. Then wait [2].', 'Reset it in the app [1]. Then wait [2].'],
    ['Call us [9]. Or write [12].', 'Call us. Or write.'],
    ['Both apply [1, 2] and [2,3].', 'Both apply [1][2] and [2][3].'],
    ['Mixed [1, 7] and none [8, 9].', 'Mixed [1] and none.'],
    ['Plain [see below] and [a] and [] stay.', 'Plain [see below] and [a] and [] stay.'],
    ['Not closed [1 then text', 'Not closed [1 then text'],
  ])('filters %j correctly whatever the chunk boundaries', (input, expected) => {
    for (const chunks of splits(input)) {
      expect({ chunks, text: run(chunks).text }).toEqual({ chunks, text: expected });
    }
  });

  it('holds back a possible partial marker until the next chunk resolves it', () => {
    const filter = new CitationFilter(new Set([12]));
    expect(filter.push('See [')).toBe('See');
    expect(filter.push('1')).toBe('');
    expect(filter.push('2] now')).toBe(' [12] now');
  });

  it('releases a held bracket once the lookahead cap is exceeded', () => {
    const filter = new CitationFilter(new Set([1]));
    expect(filter.push('x [1, 2, 3, 4, 5')).toBe('x [1, 2, 3, 4, 5');
  });

  it('reports valid cited numbers in order of first appearance', () => {
    const { filter } = run(['A [3]. B [1, 3]. C [9]. D [2][1].']);
    expect(filter.cited).toEqual([3, 1, 2]);
  });

  it('end() flushes an unfinished marker and a held space as plain text', () => {
    const filter = new CitationFilter(new Set([1]));
    expect(filter.push('Done [1')).toBe('Done');
    expect(filter.end()).toBe(' [1');
    const trailing = new CitationFilter(new Set([1]));
    expect(trailing.push('Done ')).toBe('Done');
    expect(trailing.end()).toBe(' ');
  });
});
