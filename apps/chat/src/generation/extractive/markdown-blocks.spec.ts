import { markdownToBlocks } from './markdown-blocks';

describe('markdownToBlocks', () => {
  it('drops headings, code and tables, and strips list markers and emphasis', () => {
    const markdown = [
      '# Title',
      'First line of a',
      'wrapped **bold** paragraph with a [link](https://x.test) and `code`.',
      '',
      '- Item *one*',
      '2) Item __two__',
      '',
      '> Quoted text.',
      '```',
      'const hidden = 1;',
      '```',
      '| a | b |',
      '---',
    ].join('\n');
    expect(markdownToBlocks(markdown)).toEqual(['First line of a wrapped bold paragraph with a link and code.', 'Item one', 'Item two', 'Quoted text.']);
  });
});
