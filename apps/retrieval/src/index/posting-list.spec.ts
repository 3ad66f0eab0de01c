import { PostingList } from './posting-list';

describe('PostingList', () => {
  it('grows as entries are pushed', () => {
    const list = new PostingList('card');
    for (let i = 0; i < 10; i++) expect(list.push(i, i + 0.5, i % 3)).toBe(i);
    expect(list.length).toBe(10);
    expect(Array.from(list.slots.subarray(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(list.tfs[9]).toBe(9.5);
  });

  it('removes by moving the last entry into the gap', () => {
    const list = new PostingList('card');
    list.push(10, 1, 0);
    list.push(11, 2, 4);
    list.push(12, 3, 7);
    expect(list.removeAt(0)).toBe(true);
    expect([list.slots[0], list.tfs[0], list.termIndexes[0]]).toEqual([12, 3, 7]);
    expect(list.removeAt(1)).toBe(false);
    expect(list.length).toBe(1);
  });
});
