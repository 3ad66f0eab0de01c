import { Bm25Index, chooseScoring, MIN_POSTINGS_TO_PRUNE, type Scoring } from './bm25-index';
import { WINDOW_SLOTS } from './block-max-search';

const BODY_ONLY = { k1: 1.2, b: 0.75, fieldWeights: { title: 1, heading: 1, body: 1 } };
const body = (text: string) => ({ title: '', headingPath: [], text });

function toyIndex(): Bm25Index {
  const index = new Bm25Index(BODY_ONLY);
  index.add('d1', body('card fee card'));
  index.add('d2', body('card refund'));
  index.add('d3', body('transfer limit transfer'));
  return index;
}

describe('Bm25Index', () => {
  /*
   * Hand computation for the toy corpus, query "card fee", k1 = 1.2, b = 0.75:
   *   N = 3, lengths 3, 2, 3 → avgdl = 8/3
   *   idf(card) = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln(1.6)  ≈ 0.470004   (df 2)
   *   idf(fee)  = ln(1 + (3 - 1 + 0.5) / (1 + 0.5)) = ln(8/3)  ≈ 0.980829   (df 1)
   *   K(len) = k1·(1 - b + b·len/avgdl):  K(3) = 1.2·(0.25 + 0.84375) = 1.3125
   *                                       K(2) = 1.2·(0.25 + 0.5625)  = 0.975
   *   d1 = 0.470004·(2·2.2)/(2 + 1.3125) + 0.980829·(1·2.2)/(1 + 1.3125)
   *      = 0.624307 + 0.933113 = 1.557420
   *   d2 = 0.470004·(1·2.2)/(1 + 0.975) = 0.523548
   *   d3 has neither term and is not returned.
   */
  it('matches hand-computed Okapi BM25 scores', () => {
    const hits = toyIndex().search('card fee', 10);
    expect(hits.map((h) => h.id)).toEqual(['d1', 'd2']);
    expect(hits[0].score).toBeCloseTo(1.55742, 5);
    expect(hits[1].score).toBeCloseTo(0.523548, 5);
  });

  it('counts a repeated query term once per occurrence', () => {
    const [hit] = toyIndex().search('card card', 1);
    expect(hit.score).toBeCloseTo(2 * 0.624307, 5);
  });

  it('exposes idf, document frequency and average length', () => {
    const index = toyIndex();
    expect(index.idf('card')).toBeCloseTo(Math.log(1.6), 10);
    expect(index.documentFrequency('card')).toBe(2);
    expect(index.averageLength).toBeCloseTo(8 / 3, 10);
    expect(index.size).toBe(3);
  });

  it('updates df and avgdl on remove', () => {
    const index = toyIndex();
    index.remove('d3');
    index.remove('missing');
    expect(index.size).toBe(2);
    expect(index.documentFrequency('transfer')).toBe(0);
    expect(index.averageLength).toBeCloseTo(5 / 2, 10);
    expect(index.search('transfer', 5)).toEqual([]);
  });

  it('replaces a document added again under the same id', () => {
    const index = toyIndex();
    index.add('d2', body('refund refund policy'));
    expect(index.size).toBe(3);
    expect(index.documentFrequency('card')).toBe(1);
    expect(index.documentFrequency('refund')).toBe(1);
    expect(index.averageLength).toBeCloseTo(9 / 3, 10);
    expect(index.search('card', 5).map((h) => h.id)).toEqual(['d1']);
  });

  it('ranks a title match above the same term in the body', () => {
    const index = new Bm25Index({ k1: 1.2, b: 0.75, fieldWeights: { title: 3, heading: 2, body: 1 } });
    index.add('in-title', { title: 'Card fees', headingPath: [], text: 'What we charge.' });
    index.add('in-body', { title: 'Pricing', headingPath: [], text: 'Card fees: what we charge.' });
    index.add('in-heading', { title: 'Pricing', headingPath: ['Card fees'], text: 'What we charge.' });
    expect(index.search('card', 3).map((h) => h.id)).toEqual(['in-title', 'in-heading', 'in-body']);
    // Weighted lengths (title ×3, heading ×2, body ×1; "what" and "we" are stopwords):
    // in-title 3·2 + 1 = 7, in-body 3·1 + 3 = 6, in-heading 3·1 + 2·2 + 1 = 8 → avgdl 7.
    expect(index.averageLength).toBeCloseTo(7, 10);
  });

  it('applies the accept filter and topK', () => {
    const index = toyIndex();
    expect(index.search('card fee', 10, (id) => id !== 'd1').map((h) => h.id)).toEqual(['d2']);
    expect(index.search('card fee', 1).map((h) => h.id)).toEqual(['d1']);
    expect(index.search('card fee', 0)).toEqual([]);
  });

  it('breaks score ties by id and ignores unknown or stopword-only queries', () => {
    const index = new Bm25Index(BODY_ONLY);
    index.add('b', body('refund'));
    index.add('a', body('refund'));
    expect(index.search('refunds', 5).map((h) => h.id)).toEqual(['a', 'b']);
    expect(index.search('the of and', 5)).toEqual([]);
    expect(index.search('unknownterm', 5)).toEqual([]);
  });

  it('scores identically to a freshly built index after many adds, removes and replaces', () => {
    const words = ['card', 'fee', 'refund', 'limit', 'transfer', 'dispute', 'loan', 'rate', 'account', 'pin'];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    const text = () => Array.from({ length: 1 + random(8) }, () => words[random(words.length)]).join(' ');
    const live = new Map<string, string>();
    const incremental = new Bm25Index(BODY_ONLY);
    for (let step = 0; step < 500; step++) {
      const id = `doc${random(40)}`;
      if (random(3) === 0) {
        incremental.remove(id);
        live.delete(id);
      } else {
        const t = text();
        incremental.add(id, body(t));
        live.set(id, t);
      }
    }
    const fresh = new Bm25Index(BODY_ONLY);
    for (const [id, t] of live) fresh.add(id, body(t));

    expect(incremental.size).toBe(live.size);
    expect(incremental.averageLength).toBeCloseTo(fresh.averageLength, 9);
    for (const query of ['card fee', 'refund dispute loan', 'pin pin rate', 'account transfer limit']) {
      const a = incremental.search(query, 50);
      const b = fresh.search(query, 50);
      expect(a.map((h) => h.id)).toEqual(b.map((h) => h.id));
      a.forEach((hit, i) => expect(hit.score).toBeCloseTo(b[i].score, 9));
    }
  });

  it('rejects invalid parameters', () => {
    expect(() => new Bm25Index({ ...BODY_ONLY, b: 1.5 })).toThrow(RangeError);
    expect(() => new Bm25Index({ ...BODY_ONLY, fieldWeights: { title: -1, heading: 1, body: 1 } })).toThrow(RangeError);
  });
});

describe('Bm25Index as sparse vectors', () => {
  it('splits BM25 into document and query weights whose dot product is the score', () => {
    const index = new Bm25Index(BODY_ONLY);
    index.add('d1', body('card fee card'));
    index.add('d2', body('card refund'));
    index.add('d3', body('transfer limit transfer'));
    const query = index.queryWeights('card fee unknownterm');
    expect([...query.keys()]).toEqual(['card', 'fee']);
    const document = index.documentWeights(body('card fee card'));
    let score = 0;
    for (const [term, weight] of query) score += weight * (document.get(term) ?? 0);
    expect(score).toBeCloseTo(1.55742, 5); // d1's hand-computed score above
  });
});

describe('Bm25Index at scale', () => {
  it('renumbers slots after many removals and still scores like a fresh index', () => {
    const index = new Bm25Index(BODY_ONLY);
    const fresh = new Bm25Index(BODY_ONLY);
    for (let i = 0; i < 3000; i++) index.add(`d${i}`, body(`refund card ${i % 7 === 0 ? 'dispute' : 'fee'} word${i % 50}`));
    for (let i = 0; i < 3000; i++) if (i % 3 !== 0) index.remove(`d${i}`);
    for (let i = 0; i < 3000; i += 3) fresh.add(`d${i}`, body(`refund card ${i % 7 === 0 ? 'dispute' : 'fee'} word${i % 50}`));
    expect(index.size).toBe(1000);
    expect(index.documentFrequency('disput')).toBe(fresh.documentFrequency('disput'));
    const a = index.search('card dispute word7', 100);
    const b = fresh.search('card dispute word7', 100);
    expect(a.map((h) => h.id)).toEqual(b.map((h) => h.id));
    a.forEach((hit, i) => expect(hit.score).toBeCloseTo(b[i].score, 9));
  });
});

describe('Bm25Index pruning', () => {
  // A Zipf-like vocabulary: a few words in most documents, most words in a few, as in real text.
  const vocabulary = Array.from({ length: 400 }, (_, i) => `w${i}x`);
  let seed = 11;
  const random = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const zipfWord = () => vocabulary[Math.min(vocabulary.length - 1, Math.floor(Math.exp(random() * Math.log(vocabulary.length + 1))) - 1)];
  const text = (words: number) => Array.from({ length: words }, zipfWord).join(' ');
  const document = () => ({ title: text(3), headingPath: [text(2)], text: text(5 + Math.floor(random() * 60)) });

  /** More documents than one pruning window holds (WINDOW_SLOTS), then removals and updates. */
  function corpus(documents: number): Bm25Index {
    const index = new Bm25Index({ k1: 1.2, b: 0.75, fieldWeights: { title: 3, heading: 2, body: 1 } });
    for (let i = 0; i < documents; i++) index.add(`d${i}`, document());
    for (let i = 0; i < documents; i += 7) index.remove(`d${i}`);
    for (let i = 1; i < documents; i += 11) index.add(`d${i}`, document()); // updates: a new slot, the old one dead
    return index;
  }

  function expectSameAsExhaustive(index: Bm25Index, queries: number): void {
    const keepOdd = (id: string) => Number(id.slice(1)) % 2 === 1;
    const keepFew = (id: string) => Number(id.slice(1)) % 50 === 3;
    for (let q = 0; q < queries; q++) {
      const query = text(1 + Math.floor(random() * 12));
      for (const topK of [1, 10, 100]) {
        for (const accept of [undefined, keepOdd, keepFew]) {
          const exhaustive = index.search(query, topK, accept, { scoring: 'exhaustive' });
          expect([query, topK, index.search(query, topK, accept, { scoring: 'pruned' })]).toEqual([query, topK, exhaustive]);
          expect([query, topK, index.search(query, topK, accept)]).toEqual([query, topK, exhaustive]);
        }
      }
    }
  }

  it('returns exactly the exhaustive top K, scores included, with filters, removals and updates', () => {
    expectSameAsExhaustive(corpus(3000), 40);
    expectSameAsExhaustive(corpus(2 * WINDOW_SLOTS + 100), 40);
  });

  it('stays exact after slot renumbering and list compaction (block bounds recomputed)', () => {
    const index = corpus(2 * WINDOW_SLOTS);
    for (let i = 0; i < 2 * WINDOW_SLOTS; i += 2) index.remove(`d${i}`); // past a quarter dead: slots renumbered
    for (let i = 0; i < 2000; i++) index.add(`n${i}`, document());
    expectSameAsExhaustive(index, 40);
  });

  it("skips most of the common terms' postings once they cannot change the top K", () => {
    const index = corpus(3 * WINDOW_SLOTS);
    const queries = Array.from({ length: 50 }, () => `${vocabulary[300 + Math.floor(random() * 100)]} ${vocabulary[0]} ${vocabulary[1]} ${vocabulary[2]}`);
    const visited = (scoring: Scoring) => {
      const before = index.postingsVisited;
      for (const query of queries) index.search(query, 10, undefined, { scoring });
      return index.postingsVisited - before;
    };
    expect(visited('pruned')).toBeLessThan(visited('exhaustive') / 4);
  });
});

describe('Bm25Index size rule', () => {
  it('prunes a query only when its posting lists hold at least MIN_POSTINGS_TO_PRUNE entries', () => {
    expect(chooseScoring(0)).toBe('exhaustive');
    expect(chooseScoring(MIN_POSTINGS_TO_PRUNE - 1)).toBe('exhaustive');
    expect(chooseScoring(MIN_POSTINGS_TO_PRUNE)).toBe('pruned');
    expect(chooseScoring(100 * MIN_POSTINGS_TO_PRUNE)).toBe('pruned');
  });

  it('scores every posting of a short query and prunes a long one', () => {
    // Every document has "common" and "usual"; the first ten also "rare", so they fill the top 10.
    const documents = Math.ceil(MIN_POSTINGS_TO_PRUNE / 2);
    const index = new Bm25Index(BODY_ONLY);
    for (let i = 0; i < documents; i++) index.add(`d${String(i).padStart(6, '0')}`, body(i < 10 ? 'common usual rare' : 'common usual'));
    const visitedBy = (query: string) => {
      const before = index.postingsVisited;
      const hits = index.search(query, 10);
      return { visited: index.postingsVisited - before, hits };
    };
    const short = visitedBy('common rare'); // documents + 10 postings: under the rule
    expect(short.visited).toBe(documents + 10);
    const long = visitedBy('common usual rare'); // 2·documents + 10 postings: pruned
    expect(long.visited).toBeLessThan(documents / 2);
    expect(long.hits).toEqual(index.search('common usual rare', 10, undefined, { scoring: 'exhaustive' }));
    expect(long.hits.map((hit) => hit.id)).toEqual(Array.from({ length: 10 }, (_, i) => `d${String(i).padStart(6, '0')}`));
  });
});
