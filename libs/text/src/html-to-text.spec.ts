import { documentFromFile } from './document-files';
import { htmlToText } from './html-to-text';

describe('htmlToText', () => {
  const page = `<!doctype html>
<html><head>
  <title>Card disputes &amp; refunds</title>
  <link rel="canonical" href="https://help.example/disputes?a=1&amp;b=2">
  <style>.x { color: red }</style>
  <script>var secret = "<h1>not a heading</h1>";</script>
</head>
<body>
  <nav><a href="/">Home</a> › <a href="/cards">Cards</a></nav>
  <!-- <p>a comment</p> -->
  <h1>Disputing a <em>card</em> payment</h1>
  <p>If you don&#39;t recognise a payment,<br>tell us within&nbsp;120 days.</p>
  <h2 id="steps">Steps</h2>
  <ol><li>Open the <b>app</b></li><li>Tap &ldquo;Dispute&rdquo;</li></ol>
  <table><tr><th>Fee</th><th>Amount</th></tr><tr><td>Dispute</td><td>&#x20AC;0</td></tr></table>
</body></html>`;

  it('keeps headings, paragraphs, lists and tables as markdown', () => {
    expect(htmlToText(page)).toEqual({
      title: 'Card disputes & refunds',
      url: 'https://help.example/disputes?a=1&b=2',
      text: [
        '# Disputing a card payment',
        '',
        "If you don't recognise a payment,",
        'tell us within 120 days.',
        '',
        '## Steps',
        '',
        '1. Open the app',
        '2. Tap “Dispute”',
        '',
        '| Fee     | Amount |',
        '| ------- | ------ |',
        '| Dispute | €0     |',
      ].join('\n'),
    });
  });

  it('falls back to the first h1 for the title and omits what is missing', () => {
    expect(htmlToText('<h1>Only &lt;heading&gt;</h1><p>Body</p>')).toEqual({ title: 'Only <heading>', text: '# Only <heading>\n\nBody' });
    expect(htmlToText('plain words')).toEqual({ text: 'plain words' });
  });

  it('decodes named entities, accented letters included', () => {
    expect(htmlToText('<p>Caf&eacute; cr&egrave;me &ndash; na&iuml;ve &copy; 2026 &amp; more</p>').text).toBe('Café crème – naïve © 2026 & more');
  });

  it('never leaks attribute text, even when an attribute holds ">"', () => {
    const { text } = htmlToText('<p data-rule="a > b" title=\'x>y\'>Fees apply</p><a href="/x?q=1>2" title="go >">the fee page</a>');
    expect(text).toBe('Fees apply\n\nthe fee page');
  });

  it('keeps <pre> indentation', () => {
    const { text } = htmlToText('<p>Config:</p><pre>limits:\n  daily: 500\n    atm: 250\n</pre>');
    expect(text).toBe('Config:\n\nlimits:\n  daily: 500\n    atm: 250');
    const code = htmlToText('<pre><code>if (card.frozen) {\n    refuse();\n}</code></pre>').text;
    expect(code).toContain('if (card.frozen) {\n    refuse();\n}');
  });
});

describe('documentFromFile', () => {
  it('reads HTML and markdown files as documents', () => {
    expect(documentFromFile('fees.html', '<title>Fees</title><p>No fees.</p>')).toEqual({
      externalId: 'fees.html',
      title: 'Fees',
      text: 'No fees.',
      metadata: {},
    });
    expect(documentFromFile('untitled.htm', '<p>Text only.</p>')).toEqual({ externalId: 'untitled.htm', title: 'untitled', text: 'Text only.', metadata: {} });
    expect(documentFromFile('a.md', '---\ntitle: A\ncategory: cards\n---\nBody')).toEqual({
      externalId: 'a.md',
      title: 'A',
      text: 'Body',
      metadata: { category: 'cards' },
    });
  });
});
