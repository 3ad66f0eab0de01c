import type { MessageView } from '@eloquent/contracts';
import { Answer, type AnswerHost } from './answer';

const host = (): AnswerHost & { resumed: number } => {
  const h = { resumed: 0, stop: () => Promise.resolve(true), resume: () => void h.resumed++ };
  return h;
};
const token = (seq: number, text: string) => ({ messageId: 'm', seq, text });

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
    const stored: MessageView = {
      id: 'm',
      chatId: 'c',
      role: 'assistant',
      content: 'Hello world',
      status: 'complete',
      mode: 'retrieval-only',
      citations: [],
      createdAt: new Date().toISOString(),
    };
    answer.completeFromStored(stored);
    expect(await pieces).toEqual(['Hello ', 'world']);
    expect(await answer.done).toMatchObject({ text: 'Hello world', mode: 'retrieval-only', cancelled: false });
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
