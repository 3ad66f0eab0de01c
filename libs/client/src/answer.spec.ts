import type { MessageView } from '@eloquent/contracts';
import { Answer, type AnswerHost } from './answer';

const host = (): AnswerHost & { resumed: number } => {
  const h = { resumed: 0, stop: () => Promise.resolve(true), resume: () => void h.resumed++ };
  return h;
};
const token = (seq: number, text: string) => ({ messageId: 'm', seq, text });
/** Answer `m` of chat `c` as stored, complete. */
const storedAnswer = (fields: Partial<MessageView>): MessageView => ({
  id: 'm',
  chatId: 'c',
  role: 'assistant',
  content: '',
  status: 'complete',
  mode: 'retrieval-only',
  citations: [],
  createdAt: new Date().toISOString(),
  ...fields,
});

async function collect(answer: Answer): Promise<string[]> {
  const pieces: string[] = [];
  for await (const piece of answer) pieces.push(piece);
  return pieces;
}

describe('Answer', () => {
  it('delivers tokens in seq order, each once, whatever order they arrive in', async () => {
    const answer = new Answer(host());
    answer.accept({ chatId: 'c', messageId: 'm' });
    const pieces = collect(answer);
    [token(0, 'a'), token(2, 'c'), token(1, 'b'), token(1, 'b'), token(0, 'a'), token(3, 'd')].forEach((t) => answer.token(t));
    answer.finish({ messageId: 'm', mode: 'llm' });
    expect(await pieces).toEqual(['a', 'b', 'c', 'd']);
    expect((await answer.done).text).toBe('abcd');
  });

  it('asks for a replay once when the answer ends with a token missing', async () => {
    const h = host();
    const answer = new Answer(h);
    answer.accept({ chatId: 'c', messageId: 'm' });
    answer.token(token(0, 'a'));
    answer.token(token(2, 'c'));
    answer.finish({ messageId: 'm', mode: 'llm' });
    expect(h.resumed).toBe(1);
    expect(answer.finished).toBe(false);
    answer.token(token(1, 'b'));
    answer.token(token(2, 'c'));
    answer.finish({ messageId: 'm', mode: 'llm' });
    expect((await answer.done).text).toBe('abc');
  });

  it('completes from the stored message with only what was not seen yet', async () => {
    const answer = new Answer(host());
    answer.accept({ chatId: 'c', messageId: 'm' });
    answer.token(token(0, 'Hello '));
    const pieces = collect(answer);
    answer.completeFromStored(storedAnswer({ content: 'Hello world' }));
    expect(await pieces).toEqual(['Hello ', 'world']);
    expect(await answer.done).toMatchObject({ text: 'Hello world', mode: 'retrieval-only', cancelled: false });
  });

  it('says whether the answer abstained, and what it suggested, from chat:done or from the stored message', async () => {
    const live = new Answer(host());
    live.accept({ chatId: 'c', messageId: 'm' });
    live.token(token(0, 'The help center does not cover that.'));
    const suggestedArticles = [{ documentId: 'd1', title: 'How do I change my address?', url: 'https://help.example/address' }];
    live.finish({ messageId: 'm', mode: 'retrieval-only', abstained: true, suggestedArticles });
    expect(await live.done).toMatchObject({ abstained: true, suggestedArticles, cancelled: false, sources: [] });

    const answered = new Answer(host());
    answered.accept({ chatId: 'c', messageId: 'm' });
    answered.finish({ messageId: 'm', mode: 'llm' });
    expect(await answered.done).toMatchObject({ abstained: false, suggestedArticles: [] });

    const stored = new Answer(host());
    stored.accept({ chatId: 'c', messageId: 'm' });
    stored.completeFromStored(storedAnswer({ content: 'The help center does not cover that.', abstained: true, suggestedArticles }));
    expect(await stored.done).toMatchObject({ abstained: true, suggestedArticles, text: 'The help center does not cover that.' });
  });

  it('says when the reply answered small talk, from chat:done or from the stored message', async () => {
    const live = new Answer(host());
    live.accept({ chatId: 'c', messageId: 'm' });
    live.token(token(0, "You're welcome!"));
    live.finish({ messageId: 'm', mode: 'llm', smallTalk: 'thanks' });
    expect(await live.done).toMatchObject({ smallTalk: 'thanks', abstained: false, text: "You're welcome!" });

    const answered = new Answer(host());
    answered.accept({ chatId: 'c', messageId: 'm' });
    answered.finish({ messageId: 'm', mode: 'llm' });
    expect(await answered.done).not.toHaveProperty('smallTalk');

    const stored = new Answer(host());
    stored.accept({ chatId: 'c', messageId: 'm' });
    stored.completeFromStored(storedAnswer({ content: 'Hello!', smallTalk: 'greeting' }));
    expect(await stored.done).toMatchObject({ smallTalk: 'greeting', text: 'Hello!' });
  });

  it('rejects done and throws from the iterator with the error code', async () => {
    const answer = new Answer(host());
    const pieces = collect(answer);
    const { EloquentError } = await import('./errors');
    answer.fail(new EloquentError({ code: 'VALIDATION_FAILED', message: 'empty' }));
    await expect(pieces).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(answer.done).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
