import { parseAnswer, parseInline, safeHttpUrl } from './markdown';

describe('answer markdown', () => {
  it('parses paragraphs, lists, emphasis, code and citations', () => {
    expect(parseAnswer('Open **Cards** [1].\n\n- one _a_\n- two `x` [2]\n\n1. first')).toEqual([
      {
        kind: 'p',
        inlines: [
          { kind: 'text', text: 'Open ' },
          { kind: 'strong', text: 'Cards' },
          { kind: 'text', text: ' ' },
          { kind: 'cite', n: 1 },
          { kind: 'text', text: '.' },
        ],
      },
      {
        kind: 'ul',
        items: [
          [
            { kind: 'text', text: 'one ' },
            { kind: 'em', text: 'a' },
          ],
          [
            { kind: 'text', text: 'two ' },
            { kind: 'code', text: 'x' },
            { kind: 'text', text: ' ' },
            { kind: 'cite', n: 2 },
          ],
        ],
      },
      { kind: 'ol', items: [[{ kind: 'text', text: 'first' }]] },
    ]);
  });

  it('keeps markup as text', () => {
    expect(parseInline('<img src=x onerror=alert(1)> snake_case_name')).toEqual([{ kind: 'text', text: '<img src=x onerror=alert(1)> snake_case_name' }]);
  });

  it('links only absolute http(s) URLs', () => {
    expect(safeHttpUrl('https://help.example/a?b=1')).toBe('https://help.example/a?b=1');
    expect(safeHttpUrl('http://help.example/')).toBe('http://help.example/');
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'vbscript:x',
      '/relative',
      '//evil.example',
      '',
      undefined,
    ]) {
      expect(safeHttpUrl(bad)).toBeUndefined();
    }
  });
});
