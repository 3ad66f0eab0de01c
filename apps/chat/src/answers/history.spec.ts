import { RETRIEVAL_ONLY_NOTICES } from '../generation/extractive/extractive-answer-generator';
import { condense, packHistory, type HistoryOptions, type StoredTurn } from './history';

const user = (content: string): StoredTurn => ({ role: 'user', content, status: 'complete' });
const answer = (content: string, status: StoredTurn['status'] = 'complete'): StoredTurn => ({ role: 'assistant', content, status });
const OPTIONS: HistoryOptions = { maxMessages: 6, maxTokens: 1000, turnMaxTokens: 300 };

describe('packHistory', () => {
  it.each(Object.values(RETRIEVAL_ONLY_NOTICES))('keeps complete exchanges, without citation markers or the retrieval-only notice %j', (notice) => {
    const turns = packHistory([user('How do I freeze my card?'), answer(`${notice}\n\nOpen Cards [1] and tap Freeze [2].`)], OPTIONS);
    expect(turns).toEqual([
      { role: 'user', content: 'How do I freeze my card?' },
      { role: 'assistant', content: 'Open Cards and tap Freeze.' },
    ]);
  });

  it('drops a question whose answer failed or was cancelled, so turns alternate', () => {
    const turns = packHistory(
      [user('first'), answer('partial', 'failed'), user('second'), answer('stopped', 'cancelled'), user('third'), answer('done')],
      OPTIONS,
    );
    expect(turns.map((t) => t.content)).toEqual(['third', 'done']);
  });

  it('keeps the newest exchanges within the message count and the token budget', () => {
    const earlier = [user('q1'), answer('a1'), user('q2'), answer('a2'), user('q3'), answer('a3')];
    expect(packHistory(earlier, { ...OPTIONS, maxMessages: 4 }).map((t) => t.content)).toEqual(['q2', 'a2', 'q3', 'a3']);
    const long = [user('q1'), answer('word '.repeat(100)), user('q2'), answer('a2')];
    expect(packHistory(long, { ...OPTIONS, maxTokens: 60 }).map((t) => t.content)).toEqual(['q2', 'a2']);
  });

  it('cuts a long answer to its beginning', () => {
    const turns = packHistory([user('q'), answer('word '.repeat(1000))], { ...OPTIONS, turnMaxTokens: 50 });
    expect(turns[1].content).toMatch(/^word word .* …$/);
    expect(turns[1].content.length).toBeLessThan(300);
  });
});

describe('condense', () => {
  it('leaves short text alone', () => expect(condense('short text', 10)).toBe('short text'));
});
