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

  it('keeps headings, paragraphs, lists and tables as markdown-like text', () => {
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
        '- Open the app',
        '',
        '- Tap “Dispute”',
        '',
        'Fee | Amount',
        '',
        'Dispute | €0',
      ].join('\n'),
    });
  });

  it('falls back to the first h1 for the title and omits what is missing', () => {
    expect(htmlToText('<h1>Only &lt;heading&gt;</h1><p>Body</p>')).toEqual({ title: 'Only <heading>', text: '# Only <heading>\n\nBody' });
    expect(htmlToText('plain words')).toEqual({ text: 'plain words' });
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
