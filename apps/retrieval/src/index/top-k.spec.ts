import { TopK } from './top-k';

describe('TopK', () => {
  it('keeps the k best, best first, ties by id', () => {
    const top = new TopK(3);
    for (const [id, score] of [
      ['a', 1],
      ['b', 5],
      ['c', 3],
      ['d', 5],
      ['e', 2],
      ['f', 4],
    ] as const)
      top.offer(id, score);
    expect(top.drain()).toEqual([
      { id: 'b', score: 5 },
      { id: 'd', score: 5 },
      { id: 'f', score: 4 },
    ]);
  });

  it('admits only candidates that would be kept', () => {
    const top = new TopK(1);
    expect(top.admits('x', 0)).toBe(true);
    top.offer('m', 2);
    expect(top.admits('x', 1)).toBe(false);
    expect(top.admits('a', 2)).toBe(true);
    expect(top.admits('z', 2)).toBe(false);
    expect(new TopK(0).admits('x', 9)).toBe(false);
  });

  it('matches a full sort on random input', () => {
    const scores = Array.from({ length: 500 }, (_, i) => ({ id: `id${i}`, score: Math.round(Math.random() * 50) }));
    const top = new TopK(25);
    for (const { id, score } of scores) top.offer(id, score);
    const sorted = [...scores].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, 25);
    expect(top.drain()).toEqual(sorted);
  });
});
