import { PostingList } from './posting-list';

describe('PostingList', () => {
  it('grows as entries are pushed', () => {
    const list = new PostingList();
    for (let i = 0; i < 10; i++) list.push(i, i + 0.5, 10);
    expect([list.length, list.live]).toEqual([10, 10]);
    expect(Array.from(list.slots.subarray(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(list.tfs[9]).toBe(9.5);
  });

  it('counts removals and compacts once half the entries are dead', () => {
    const list = new PostingList();
    for (let i = 0; i < 20; i++) list.push(i, 1, 10);
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
    [3, 5, 9].forEach((slot) => list.push(slot, slot, 10));
    list.compact(
      (slot) => slot !== 5,
      (slot) => slot - 1,
    );
    expect(Array.from(list.slots.subarray(0, list.length))).toEqual([2, 8]);
    expect(Array.from(list.tfs.subarray(0, list.length))).toEqual([3, 9]);
  });

  it('keeps the entries that bound the term score: none beaten on both tf and length', () => {
    const list = new PostingList();
    [
      [2, 30],
      [5, 12],
      [1, 40],
      [1, 5],
      [5, 50],
      [3, 8],
    ].forEach(([tf, length], slot) => list.push(slot, tf, length));
    expect(list.boundingEntries().sort()).toEqual(
      [
        [1, 5],
        [3, 8],
        [5, 12],
      ].sort(),
    );
    // tf / (tf + 0.3 + 0.1·length): (1,5) → 0.556, (3,8) → 0.682, (5,12) → 0.767
    expect(list.maxSaturation(0.3, 0.1)).toBeCloseTo(5 / 6.5, 12);
    // With length weighing heavily the short entry wins: (1,5) → 1/6.3, (3,8) → 3/11.3, (5,12) → 5/17.3
    expect(list.maxSaturation(0.3, 1)).toBeCloseTo(5 / 17.3, 12);
    const loaded = PostingList.of(new Int32Array([1, 3]), new Float32Array([4, 7]), new Float32Array([0, 20, 0, 8]));
    expect(loaded.boundingEntries()).toEqual([[7, 8]]);
  });

  it("bounds every entry's saturation for any average length", () => {
    const list = new PostingList();
    let seed = 3;
    const random = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    const entries = Array.from({ length: 500 }, () => [1 + random(12) / 2, 5 + random(300)]);
    entries.forEach(([tf, length], slot) => list.push(slot, tf, length));
    for (const perLength of [0.001, 0.01, 0.1, 1]) {
      const exact = Math.max(...entries.map(([tf, length]) => tf / (tf + 0.3 + perLength * length)));
      expect(list.maxSaturation(0.3, perLength)).toBe(exact);
    }
  });

  it('seeks the first entry at or after a slot, from a position on', () => {
    const list = new PostingList();
    const slots = [2, 3, 5, 8, 13, 21, 34, 55, 89];
    slots.forEach((slot) => list.push(slot, 1, 1));
    const firstAtOrAfter = (slot: number, from: number) => {
      const found = slots.findIndex((s, i) => i >= from && s >= slot);
      return found < 0 ? slots.length : found;
    };
    for (let from = 0; from <= slots.length; from++) {
      for (let slot = 0; slot <= 100; slot++) expect([slot, from, list.seek(slot, from)]).toEqual([slot, from, firstAtOrAfter(slot, from)]);
    }
  });
});
