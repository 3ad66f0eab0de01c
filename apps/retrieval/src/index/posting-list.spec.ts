import { PostingList } from './posting-list';

describe('PostingList', () => {
  it('grows as entries are pushed', () => {
    const list = new PostingList();
    for (let i = 0; i < 10; i++) list.push(i, i + 0.5);
    expect([list.length, list.live]).toEqual([10, 10]);
    expect(Array.from(list.slots.subarray(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(list.tfs[9]).toBe(9.5);
  });

  it('counts removals and compacts once half the entries are dead', () => {
    const list = new PostingList();
    for (let i = 0; i < 20; i++) list.push(i, 1);
    const dead = new Set<number>();
    const isLive = (slot: number) => !dead.has(slot);
    for (let i = 0; i < 10; i++) {
      dead.add(i);
      list.markDead(isLive);
    }
    expect([list.length, list.live]).toEqual([20, 10]); // exactly half: not yet
    dead.add(10);
    list.markDead(isLive);
    expect([list.length, list.live]).toEqual([9, 9]);
    expect(Array.from(list.slots.subarray(0, 9))).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('renumbers slots while compacting', () => {
    const list = new PostingList();
    [3, 5, 9].forEach((slot) => list.push(slot, slot));
    list.compact(
      (slot) => slot !== 5,
      (slot) => slot - 1,
    );
    expect(Array.from(list.slots.subarray(0, list.length))).toEqual([2, 8]);
    expect(Array.from(list.tfs.subarray(0, list.length))).toEqual([3, 9]);
  });
});
