import { BLOCK_SIZE, PostingList } from './posting-list';

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
    const lengths = new Float32Array(20).fill(10);
    for (let i = 0; i < 10; i++) {
      lengths[i] = -1; // how the index marks a removed document
      list.markDead(lengths);
    }
    expect([list.length, list.live]).toEqual([20, 10]); // exactly half: not yet
    lengths[10] = -1;
    list.markDead(lengths);
    expect([list.length, list.live]).toEqual([9, 9]);
    expect(Array.from(list.slots.subarray(0, 9))).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('renumbers slots while compacting', () => {
    const list = new PostingList();
    [3, 5, 9].forEach((slot) => list.push(slot, slot, 10));
    list.compact((slot) => (slot === 5 ? -1 : slot - 1), new Float32Array(9).fill(10));
    expect(Array.from(list.slots.subarray(0, list.length))).toEqual([2, 8]);
    expect(Array.from(list.tfs.subarray(0, list.length))).toEqual([3, 9]);
  });

  it('keeps per block the largest tf and the smallest length per tf, recomputed on compaction', () => {
    const list = new PostingList();
    const entries = Array.from({ length: 2 * BLOCK_SIZE + 5 }, (_, slot) => ({ slot, tf: 1 + (slot % 7), length: 20 + ((slot * 37) % 100) }));
    entries.forEach(({ slot, tf, length }) => list.push(slot, tf, length));
    const expected = (kept: typeof entries) =>
      Array.from({ length: Math.ceil(kept.length / BLOCK_SIZE) }, (_, block) => {
        const inBlock = kept.slice(block * BLOCK_SIZE, (block + 1) * BLOCK_SIZE);
        return [Math.max(...inBlock.map((e) => e.tf)), Math.min(...inBlock.map((e) => e.length / e.tf))];
      });
    const actual = (l: PostingList) => Array.from({ length: l.blocks }, (_, block) => [l.blockMaxTfs[block], l.blockMinLengthPerTf[block]]);
    expect(list.blocks).toBe(3);
    expect(actual(list)).toEqual(expected(entries));

    const lengths = new Float32Array(entries.length);
    entries.forEach(({ slot, length }) => (lengths[slot] = length));
    expect(actual(PostingList.of(list.slots.slice(0, list.length), list.tfs.slice(0, list.length), lengths))).toEqual(expected(entries));

    // Drop every third entry and shift the rest down one slot: the bounds follow the kept entries.
    const kept = entries.filter(({ slot }) => slot % 3 !== 0);
    const newLengths = new Float32Array(entries.length);
    kept.forEach(({ slot, length }) => (newLengths[slot - 1] = length));
    list.compact((slot) => (slot % 3 === 0 ? -1 : slot - 1), newLengths);
    expect(list.length).toBe(kept.length);
    expect(actual(list)).toEqual(expected(kept));
  });

  it("bounds every entry's saturation by its block's, for any average length", () => {
    const list = new PostingList();
    let seed = 3;
    const random = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    const entries = Array.from({ length: 500 }, () => [1 + random(12) / 2, 5 + random(300)]);
    entries.forEach(([tf, length], slot) => list.push(slot, tf, length));
    for (const perLength of [0.001, 0.01, 0.1, 1]) {
      const saturation = ([tf, length]: number[]) => tf / (tf + 0.3 + perLength * length);
      // Up to rounding in the last bit, which the scorer's comparisons allow for (block-max-search.ts).
      const bound = (i: number) => list.blockSaturation(Math.floor(i / BLOCK_SIZE), 0.3, perLength) * (1 + 1e-12);
      entries.forEach((entry, i) => expect(saturation(entry)).toBeLessThanOrEqual(bound(i)));
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
