import { answerProblems, type AnswerSeen } from './main';

const healthy = (): AnswerSeen => ({
  chatId: 'c1',
  messageId: 'm1',
  tokens: [
    { messageId: 'm1', seq: 0, text: 'To dispute ' },
    { messageId: 'm1', seq: 1, text: 'a transaction [1].' },
  ],
  sources: [{ n: 1, documentId: 'd1', chunkId: 'k1', title: 'Disputing a card transaction', snippet: '…' }],
  done: { messageId: 'm1', mode: 'retrieval-only' },
  totalMs: 40,
});

describe('the smoke client’s answer checks', () => {
  it('accepts an answer with ordered tokens, cited sources and done', () => {
    expect(answerProblems(healthy())).toEqual([]);
  });

  it.each<[string, (a: AnswerSeen) => void, RegExp]>([
    ['no tokens', (a) => (a.tokens = []), /no chat:token/],
    ['tokens out of order', (a) => (a.tokens[1].seq = 5), /seq not 0\.\.n/],
    ['no sources', (a) => (a.sources = []), /no chat:sources/],
    ['no done', (a) => delete a.done, /no chat:done/],
    ['done of another message', (a) => (a.done!.messageId = 'm2'), /another message/],
    ['no ack', (a) => delete a.messageId, /not acknowledged/],
    ['an error', (a) => (a.error = 'chat:error RETRIEVAL_FAILED: x'), /RETRIEVAL_FAILED/],
  ])('reports %s', (_label, change, problem) => {
    const answer = healthy();
    change(answer);
    expect(answerProblems(answer).join('\n')).toMatch(problem);
  });
});
