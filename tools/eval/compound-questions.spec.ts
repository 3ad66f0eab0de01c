import type { AskedAnswer } from '@eloquent/testing';
import { compoundQuestions, joinQuestions, LINE_JOINS, scoreCompound } from './compound-questions';

const q = (id: string, question: string, articles: string[]) => ({ id, question, articles });

describe('joinQuestions', () => {
  it('joins two questions as customers do, in turn by position', () => {
    expect(joinQuestions('how do I freeze my card?', 'change my PIN', 0)).toBe('how do I freeze my card and also change my PIN');
    expect(joinQuestions('how do I freeze my card', 'how do I get a new one?', 1)).toBe('how do I freeze my card? Also, how do I get a new one?');
    expect(joinQuestions('how do I freeze my card', 'can I pay by bank transfer', 2)).toBe('how do I freeze my card, and can I pay by bank transfer');
    expect(joinQuestions('a', 'b', 3)).toBe('a and also b');
    expect(joinQuestions('how do I freeze my card?', 'change my PIN', 1, LINE_JOINS)).toBe('how do I freeze my card\nchange my PIN');
  });
});

describe('compoundQuestions', () => {
  it('pairs each in-scope question with the next one whose labels it shares none of, wrapping, and leaves out-of-scope ones out', () => {
    const set = [q('1', 'freeze card', ['freeze']), q('2', 'unfreeze card', ['freeze']), q('3', 'weather', []), q('4', 'change pin', ['pin', 'freeze'])];
    expect(compoundQuestions(set)).toEqual([]);
    const pairs = compoundQuestions([...set, q('5', 'close account', ['close'])]);
    expect(pairs.map((p) => p.id)).toEqual(['1+5', '2+5', '4+5', '5+1']);
    expect(pairs[0]).toEqual({ id: '1+5', question: 'freeze card and also close account', articles: ['freeze', 'close'], parts: [['freeze'], ['close']] });
  });
});

describe('scoreCompound', () => {
  it('counts answers citing a labelled article of both questions, of at least one, and abstentions', () => {
    const asked = (question: string, cited: string[]): AskedAnswer => ({
      question: q(question, question, []),
      cited,
      abstained: cited.length === 0,
      suggested: [],
      text: '',
    });
    const parts = new Map<string, [string[], string[]]>([
      ['a', [['x'], ['y', 'z']]],
      ['b', [['x'], ['y']]],
      ['c', [['x'], ['y']]],
      ['d', [['x'], ['y']]],
    ]);
    const scores = scoreCompound([asked('a', ['z', 'x']), asked('b', ['y', 'w']), asked('c', ['w']), asked('d', [])], parts);
    expect(scores).toEqual({ asked: 4, bothCited: 0.25, oneCited: 0.5, firstCited: 0.25, secondCited: 0.5, abstained: 0.25 });
  });
});
