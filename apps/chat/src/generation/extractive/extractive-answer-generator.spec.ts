import { QueryRelevance } from '../../relevance/query-relevance';
import type { ContextSource, GenerationInput, GenerationStream } from '../answer-generator';
import { buildAbstentionText } from './abstention';
import { ExtractiveAnswerGenerator, RETRIEVAL_ONLY_NOTICES } from './extractive-answer-generator';

function source(n: number, title: string, text: string): ContextSource {
  return { n, documentId: `doc-${n}`, chunkId: `chunk-${n}`, title, headingPath: [title], text, score: 1 / n, coverage: 1 };
}

const SOURCES: ContextSource[] = [
  source(
    1,
    'Disputing a card transaction',
    [
      '## Dispute a transaction',
      '',
      "If you don't recognise a **card transaction**, you can dispute it in the app.",
      '',
      '1. Open the **Cards** tab and select the transaction.',
      '2. Tap **Dispute transaction** and follow the steps',
      '',
      'Disputes are usually resolved within 10 business days.',
    ].join('\n'),
  ),
  source(2, 'Card PIN', 'To reset your card PIN, go to Settings and then Security. You can also change it at any ATM.'),
  source(
    3,
    'Chargebacks',
    'A chargeback reverses a card payment once we accept your dispute. Merchants can answer with evidence. ' + 'Our offices are closed on public holidays.',
  ),
];

const generator = new ExtractiveAnswerGenerator(buildAbstentionText(), RETRIEVAL_ONLY_NOTICES.keyless);

async function collect(stream: GenerationStream, onPiece?: (piece: string) => void): Promise<string[]> {
  const pieces: string[] = [];
  for await (const piece of stream) {
    pieces.push(piece);
    onPiece?.(piece);
  }
  return pieces;
}

/** The coverage decision named `documentId` as the article that covers the question. */
function inputFor(question: string, documentId = 'doc-1', sources = SOURCES): GenerationInput {
  return {
    question,
    searchQuery: question,
    sources,
    history: [],
    relevance: QueryRelevance.fromCandidates(question, sources),
    candidates: [],
    coverage: { verdict: 'covered', documentId, evidence: { knownShare: 1, bestArticleCoverage: 1, lead: 1, vectorSimilarity: 1 }, weights: new Map() },
  };
}

async function answer(question: string, documentId?: string, sources?: ContextSource[]): Promise<string> {
  return (await collect(generator.generate(inputFor(question, documentId, sources), new AbortController().signal))).join('');
}

describe('ExtractiveAnswerGenerator', () => {
  it('quotes the section whose heading asks the question, whole and cited, list and all', async () => {
    const text = await answer('How do I dispute a card transaction?');
    const [notice, ...body] = text.split('\n\n');
    expect(notice).toBe(RETRIEVAL_ONLY_NOTICES.keyless);
    expect(body).toEqual([
      "If you don't recognise a card transaction, you can dispute it in the app. [1]",
      '1. Open the Cards tab and select the transaction.\n2. Tap Dispute transaction and follow the steps [1]',
      'Disputes are usually resolved within 10 business days. [1]',
    ]);
  });

  it('adds one sentence from another article for the part of the question the first quote leaves open', async () => {
    const text = await answer('How do I dispute a card transaction as a chargeback?');
    expect(text).toContain('you can dispute it in the app. [1]');
    expect(text.split('\n\n').pop()).toBe('A chargeback reverses a card payment once we accept your dispute. [3]');
    expect(text).not.toMatch(/PIN|holidays/);
  });

  it('quotes a list from its first item, and removes markdown noise', async () => {
    const text = await answer('Which tab do I open to select the transaction?');
    expect(text).toContain('1. Open the Cards tab and select the transaction.\n2. Tap Dispute transaction');
    expect(text).not.toMatch(/\*\*|##/);
  });

  it('quotes from the article the coverage decision named, not from the best-matching sentence elsewhere', async () => {
    // Article 1's "Dispute a transaction" section matches better; the decision named article 3.
    const text = await answer('How does a card dispute become a chargeback?', 'doc-3');
    expect(text).toContain('A chargeback reverses a card payment once we accept your dispute.');
    expect(text).toMatch(/\[3\]/);
    expect(text).not.toMatch(/\[1\]/);
  });

  it('names the article and quotes its summary when none of its sections stands out', async () => {
    const article: ContextSource[] = [
      { ...source(1, 'Close your account', "We're sorry to see you go. You can close your account at any time in the app.\n\nMore below."), headingPath: [] },
      { ...source(2, 'Close your account', 'Your remaining balance is sent to the IBAN you provide.'), documentId: 'doc-1' },
    ];
    const text = await answer('I want to stop banking with you', 'doc-1', article);
    expect(text.split('\n\n').slice(1)).toEqual([
      'Our help center article "Close your account" covers this:',
      "We're sorry to see you go. You can close your account at any time in the app. [1]",
    ]);
  });

  it('quotes the list a summary introduces with it (a paragraph ending in ":" alone tells nothing)', async () => {
    const article: ContextSource[] = [
      {
        ...source(
          1,
          'Foreign exchange fees',
          'On top of the exchange rate, we add a markup that depends on your plan:\n\n| Plan | Markup |\n|---|---|\n| Basic | 1.5% |\n| Plus | 0.5% |',
        ),
        headingPath: ['The exchange rate we use'],
      },
    ];
    const text = await answer('I want to stop banking with you', 'doc-1', article);
    expect(text.split('\n\n').slice(1)).toEqual([
      'Our help center article "Foreign exchange fees" covers this:',
      'On top of the exchange rate, we add a markup that depends on your plan:',
      '- Basic: 1.5%\n- Plus: 0.5% [1]',
    ]);
  });

  it('answers each of two questions from its own article, in the order asked, with no second quote', async () => {
    const question = (text: string, documentId: string) => ({
      question: text,
      relevance: QueryRelevance.fromCandidates(text, SOURCES),
      coverage: inputFor(text, documentId).coverage,
    });
    const input = {
      ...inputFor('How do I reset my card PIN and also dispute a card transaction as a chargeback?', 'doc-2'),
      questions: [question('How do I reset my card PIN', 'doc-2'), question('dispute a card transaction as a chargeback?', 'doc-1')],
    };
    const text = (await collect(generator.generate(input, new AbortController().signal))).join('');
    const body = text.split('\n\n').slice(1);
    expect(body[0]).toBe('To reset your card PIN, go to Settings and then Security. You can also change it at any ATM. [2]');
    expect(body.slice(1).join('\n\n')).toContain('you can dispute it in the app. [1]');
    // The chargeback sentence would be the dispute question's second quote: one quote per question.
    expect(text).not.toMatch(/\[3\]/);
  });

  it('abstains without citations when it has no source at all, and says it abstained', async () => {
    const stream = generator.generate(inputFor('What are your mortgage interest rates?', 'doc-1', []), new AbortController().signal);
    const text = (await collect(stream)).join('');
    expect(text).toBe(buildAbstentionText());
    expect(text).not.toMatch(/\[\d+\]/);
    expect(stream.abstained?.()).toBe(true);
    expect(stream.whole).toBe(true);
  });

  it('abstains with the text it was given (naming the configured support contact)', async () => {
    const named = new ExtractiveAnswerGenerator(buildAbstentionText('help@example.com'), RETRIEVAL_ONLY_NOTICES.keyless);
    const text = (await collect(named.generate(inputFor('What are your mortgage interest rates?', 'doc-1', []), new AbortController().signal))).join('');
    expect(text).toContain('Please contact our support team at help@example.com');
  });

  it('does not say it abstained when it quotes an answer', () => {
    expect(generator.generate(inputFor('How do I dispute a card transaction?'), new AbortController().signal).abstained?.()).toBeFalsy();
  });

  it('keeps a sentence that covers the question only with its article title', async () => {
    // "Open the Cards tab…" never says "dispute"; its article is about disputes.
    expect(await answer('How do I start a dispute in the cards tab?')).toContain('Open the Cards tab and select the transaction.');
  });

  it('streams word-sized pieces that rebuild the answer exactly', async () => {
    const pieces = await collect(generator.generate(inputFor('dispute a card transaction'), new AbortController().signal));
    expect(pieces.length).toBeGreaterThan(10);
    for (const piece of pieces) expect(piece).toMatch(/^\S+\s*$/);
    expect(pieces.join('')).toBe(await answer('dispute a card transaction'));
  });

  it('stops streaming once aborted and reports no usage', async () => {
    const controller = new AbortController();
    const stream = generator.generate(inputFor('How do I dispute a card transaction?'), controller.signal);
    const pieces = await collect(stream, () => controller.abort());
    expect(pieces).toHaveLength(1);
    expect(stream.usage()).toBeUndefined();
  });
});

describe('buildAbstentionText', () => {
  it('names the support contact when given one', () => {
    expect(buildAbstentionText('help@example.com')).toContain('support team at help@example.com');
  });
});
