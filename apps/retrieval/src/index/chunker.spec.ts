import { estimateTokens } from '@eloquent/text';
import { chunkMarkdown } from './chunker';

const sentence = (i: number) => `Sentence number ${i} explains one more detail about card disputes.`;
const paragraph = (from: number, count: number) => Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');

describe('chunkMarkdown', () => {
  const doc = [
    '---',
    'title: Disputes',
    'url: https://help.example/disputes',
    '---',
    '',
    'Intro before any heading.',
    '',
    '# Disputes',
    '',
    'Under the heading that repeats the title.',
    '',
    '## What you need',
    '',
    'Gather these:',
    '',
    '- a receipt',
    '- your emails',
    '',
    '### Deadlines ###',
    '',
    'Within 120 days.',
    '',
    '## Empty section',
    '',
    '---',
    '',
    '# Refunds',
    '',
    '```bash',
    '# not a heading',
    '',
    'echo refund',
    '```',
  ].join('\n');

  it('strips front matter and follows the heading path', () => {
    const chunks = chunkMarkdown({ title: 'Disputes', text: doc }, { maxTokens: 200, overlapTokens: 20 });
    expect(chunks.map(({ headingPath, text }) => ({ headingPath, text }))).toEqual([
      { headingPath: [], text: 'Intro before any heading.' },
      { headingPath: [], text: 'Under the heading that repeats the title.' },
      { headingPath: ['What you need'], text: 'Gather these:\n\n- a receipt\n- your emails' },
      { headingPath: ['What you need', 'Deadlines'], text: 'Within 120 days.' },
      { headingPath: ['Refunds'], text: '```bash\n# not a heading\n\necho refund\n```' },
    ]);
    expect(chunks.map((c) => c.ord)).toEqual([0, 1, 2, 3, 4]);
    for (const chunk of chunks) expect(chunk.tokenCount).toBe(estimateTokens(chunk.text));
  });

  it('respects maxTokens and overlaps consecutive chunks of a section by trailing sentences', () => {
    const text = `## Long\n\n${paragraph(0, 40)}\n\n## Next\n\n${paragraph(100, 40)}`;
    const chunks = chunkMarkdown({ title: 'T', text }, { maxTokens: 60, overlapTokens: 20 });
    expect(chunks.length).toBeGreaterThan(4);
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(60);
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1];
      const sameSection = previous.headingPath[0] === chunks[i].headingPath[0];
      const lastSentence = previous.text.slice(previous.text.lastIndexOf('Sentence number'));
      expect(chunks[i].text.startsWith(lastSentence)).toBe(sameSection);
    }
    // Every sentence survives, in order.
    const seen = chunks.flatMap((c) => [...c.text.matchAll(/Sentence number (\d+)/g)].map((m) => Number(m[1])));
    expect([...new Set(seen)]).toEqual([...Array.from({ length: 40 }, (_, i) => i), ...Array.from({ length: 40 }, (_, i) => 100 + i)]);
  });

  it('keeps a list block together when it fits', () => {
    const list = Array.from({ length: 5 }, (_, i) => `- item ${i} with a few words`).join('\n');
    const chunks = chunkMarkdown({ title: 'T', text: `${paragraph(0, 4)}\n\n${list}` }, { maxTokens: 70, overlapTokens: 0 });
    expect(chunks.map((c) => c.text)).toEqual([paragraph(0, 4), list]);
  });

  it('hard-splits an over-long sentence by words', () => {
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`);
    const chunks = chunkMarkdown({ title: 'T', text: words.join(' ') }, { maxTokens: 50, overlapTokens: 0 });
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(50);
    expect(chunks.map((c) => c.text).join(' ')).toBe(words.join(' '));
  });

  it('packs plain text paragraphs and never emits empty chunks', () => {
    const text = '\n\nFirst paragraph.\n\n\n\nSecond paragraph.\n\n# Heading only\n\n## Another\n\n***\n';
    expect(chunkMarkdown({ title: 'T', text }, { maxTokens: 100, overlapTokens: 10 })).toEqual([
      { ord: 0, headingPath: [], text: 'First paragraph.\n\nSecond paragraph.', tokenCount: 9 },
    ]);
    expect(chunkMarkdown({ title: 'T', text: '  \n\n ' }, { maxTokens: 100, overlapTokens: 10 })).toEqual([]);
  });

  it('is deterministic', () => {
    const input = { title: 'Disputes', text: `${doc}\n\n${paragraph(0, 30)}` };
    const opts = { maxTokens: 50, overlapTokens: 15 };
    expect(chunkMarkdown(input, opts)).toEqual(chunkMarkdown(input, opts));
  });

  it('rejects invalid options', () => {
    expect(() => chunkMarkdown({ title: 'T', text: 'x' }, { maxTokens: 0, overlapTokens: 0 })).toThrow(RangeError);
    expect(() => chunkMarkdown({ title: 'T', text: 'x' }, { maxTokens: 10, overlapTokens: 10 })).toThrow(RangeError);
  });
});
