import { markdownSections } from './markdown-blocks';

describe('markdownSections', () => {
  it('groups plain-text blocks under their headings; drops code; keeps list markers; strips emphasis', () => {
    const markdown = [
      'Intro line of a',
      'wrapped **bold** paragraph with a [link](https://x.test) and `code`.',
      '',
      '## How do I *add* a card?',
      '- Item *one*',
      '2) Item __two__',
      '',
      '> Quoted text.',
      '```',
      'const hidden = 1;',
      '```',
      '---',
    ].join('\n');
    expect(markdownSections(markdown)).toEqual([
      { blocks: [{ text: 'Intro line of a wrapped bold paragraph with a link and code.' }] },
      {
        heading: 'How do I add a card?',
        blocks: [{ text: 'Item one', listMarker: '-' }, { text: 'Item two', listMarker: '2)' }, { text: 'Quoted text.' }],
      },
    ]);
  });

  it('reads a table’s data rows as items ("first cell: the rest")', () => {
    const markdown = ['### SWIFT fees', '', '| Fee | Amount |', '|---|---|', '| Lumen SWIFT fee | €5 per transfer |', '| "OUR" option | extra €20 |'].join(
      '\n',
    );
    expect(markdownSections(markdown)).toEqual([
      {
        heading: 'SWIFT fees',
        blocks: [
          { text: 'Lumen SWIFT fee: €5 per transfer', listMarker: '-' },
          { text: '"OUR" option: extra €20', listMarker: '-' },
        ],
      },
    ]);
  });
});
