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

  it('reads each value of a wider table with its column’s header, when the headers name the values', () => {
    const markdown = [
      '| Plan | Markup on weekdays | Markup on weekends |',
      '|---|---|---|',
      '| Plus | 0.5% | 1.0% |',
      '',
      '| | Basic | Plus | Premium |',
      '|---|---|---|---|',
      '| Monthly fee | €0 | €4.99 | €12.99 |',
      '| Card delivery | Free | | Free |',
    ].join('\n');
    expect(markdownSections(markdown)[0].blocks.map((block) => block.text)).toEqual([
      'Plus: Markup on weekdays 0.5%, Markup on weekends 1.0%',
      // Columns that are things of their own (an empty corner) are not read into every row.
      'Monthly fee: €0, €4.99, €12.99',
      'Card delivery: Free, Free',
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
