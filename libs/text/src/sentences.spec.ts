import { splitSentences } from './sentences';

describe('splitSentences', () => {
  it('splits prose on terminal punctuation', () => {
    expect(splitSentences('Open the app. Tap Home!  Is it there? Yes.')).toEqual(['Open the app.', 'Tap Home!', 'Is it there?', 'Yes.']);
  });

  it('does not split after abbreviations', () => {
    const text = 'Bring ID, e.g. a passport, i.e. something official. Ask Dr. Smith vs. Mr. Jones. It takes approx. 3 days.';
    expect(splitSentences(text)).toEqual(['Bring ID, e.g. a passport, i.e. something official.', 'Ask Dr. Smith vs. Mr. Jones.', 'It takes approx. 3 days.']);
  });

  it('treats "no." as an abbreviation only before a number', () => {
    expect(splitSentences('Quote ref. no. 12345 please. The answer is no. Call us.')).toEqual([
      'Quote ref. no. 12345 please.',
      'The answer is no.',
      'Call us.',
    ]);
  });

  it('splits after "etc." only before a capitalised word', () => {
    expect(splitSentences('Bills, statements, etc. are fine. Bring bills, statements etc. We check them.')).toEqual([
      'Bills, statements, etc. are fine.',
      'Bring bills, statements etc.',
      'We check them.',
    ]);
  });

  it('does not split decimals, versions or domains', () => {
    expect(splitSentences('The fee is €2.50 per transfer. Update to v2.1 at example.com today.')).toEqual([
      'The fee is €2.50 per transfer.',
      'Update to v2.1 at example.com today.',
    ]);
  });

  it('does not split before a lowercase word', () => {
    expect(splitSentences('Read "Why was I charged?" first. Wait... then retry.')).toEqual(['Read "Why was I charged?" first.', 'Wait... then retry.']);
  });

  it('keeps closing quotes and emphasis with the sentence they end', () => {
    expect(splitSentences('Tap **Submit.** Then wait. She said "done." Next one.')).toEqual(['Tap **Submit.**', 'Then wait.', 'She said "done."', 'Next one.']);
  });

  it('makes each numbered or bulleted list item its own sentence', () => {
    const text = 'To dispute:\n1. Open the app\n2. Tap the payment. Choose a reason\n- bullet one\n* bullet two';
    expect(splitSentences(text)).toEqual(['To dispute:', '1. Open the app', '2. Tap the payment.', 'Choose a reason', '- bullet one', '* bullet two']);
  });

  it('breaks at headings and blank lines but joins soft-wrapped lines', () => {
    const text = '## Time limit\nYou must raise a dispute\nwithin 120 days\n\nAfter that we cannot help';
    expect(splitSentences(text)).toEqual(['## Time limit', 'You must raise a dispute within 120 days', 'After that we cannot help']);
  });

  it('trims and drops empty sentences', () => {
    expect(splitSentences('  \n\n  Hello there.   \n\n ')).toEqual(['Hello there.']);
    expect(splitSentences('')).toEqual([]);
  });
});
