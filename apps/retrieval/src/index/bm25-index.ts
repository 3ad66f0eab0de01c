import { analyze } from '@eloquent/text';
import { PostingList } from './posting-list';
import { type ScoredId, TopK } from './top-k';

export interface Bm25Options {
  k1: number;
  b: number;
  fieldWeights: { title: number; heading: number; body: number };
}

export interface Bm25Fields {
  title: string;
  headingPath: string[];
  text: string;
}

/** A live document: where it sits in each of its terms' postings, so removal is O(terms). */
interface DocEntry {
  id: string;
  length: number;
  postings: PostingList[];
  positions: Int32Array;
}

/**
 * Incremental in-memory Okapi BM25 with Lucene's IDF, `ln(1 + (N - df + 0.5) / (df + 0.5))`.
 *
 * Fields are boosted the simple BM25F way: a document is one bag of terms in which each title
 * occurrence counts `fieldWeights.title` times, each heading occurrence `fieldWeights.heading`
 * times and each body occurrence `fieldWeights.body` times; the document length used for length
 * normalisation is the sum of those weighted frequencies. Terms are produced by `analyze`.
 *
 * Documents live in integer slots (reused after removal) so scoring can accumulate into a
 * typed array indexed by slot.
 */
export class Bm25Index {
  private readonly postings = new Map<string, PostingList>();
  private readonly slotOf = new Map<string, number>();
  private readonly docs: Array<DocEntry | undefined> = [];
  /** Weighted length by slot, kept apart from `docs` for the scoring loop. */
  private readonly lengths: number[] = [];
  private readonly freeSlots: number[] = [];
  private totalLength = 0;
  private scores = new Float64Array(0);
  private touched = new Int32Array(0);

  constructor(private readonly opts: Bm25Options) {
    const { k1, b, fieldWeights } = opts;
    if (!(k1 >= 0) || !(b >= 0 && b <= 1)) throw new RangeError('BM25 needs k1 >= 0 and 0 <= b <= 1');
    if (!Object.values(fieldWeights).every((w) => w >= 0 && Number.isFinite(w))) {
      throw new RangeError('BM25 field weights must be finite and non-negative');
    }
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** Average weighted document length (avgdl). */
  get averageLength(): number {
    return this.size === 0 ? 0 : this.totalLength / this.size;
  }

  /** Number of documents containing an analyzed term. */
  documentFrequency(term: string): number {
    return this.postings.get(term)?.length ?? 0;
  }

  /** IDF of an analyzed term (a stem, as `analyze` returns it). */
  idf(term: string): number {
    return idf(this.size, this.documentFrequency(term));
  }

  /** Indexes a document, replacing any document with the same id. */
  add(id: string, fields: Bm25Fields): void {
    this.remove(id);
    const slot = this.freeSlots.pop() ?? this.docs.length;
    const tfs = this.weightedTermFrequencies(fields);
    const doc: DocEntry = { id, length: 0, postings: [], positions: new Int32Array(tfs.size) };
    for (const [term, tf] of tfs) {
      let postings = this.postings.get(term);
      if (postings === undefined) {
        postings = new PostingList(term);
        this.postings.set(term, postings);
      }
      doc.positions[doc.postings.length] = postings.push(slot, tf, doc.postings.length);
      doc.postings.push(postings);
      doc.length += tf;
    }
    this.docs[slot] = doc;
    this.lengths[slot] = doc.length;
    this.slotOf.set(id, slot);
    this.totalLength += doc.length;
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const doc = this.docs[slot] as DocEntry;
    for (let k = 0; k < doc.postings.length; k++) this.removePosting(doc.postings[k], doc.positions[k]);
    this.docs[slot] = undefined;
    this.slotOf.delete(id);
    this.freeSlots.push(slot);
    // Reset rather than subtract when empty, so floating-point drift cannot accumulate forever.
    this.totalLength = this.size === 0 ? 0 : this.totalLength - doc.length;
  }

  /**
   * The `topK` best documents for the query, best first (ties by id). Each occurrence of a
   * term in the query counts. `accept` filters documents; it runs only for documents that
   * would make the top K.
   */
  search(query: string, topK: number, accept?: (id: string) => boolean): ScoredId[] {
    if (topK <= 0 || this.size === 0) return [];
    const queryTerms = countTerms(analyze(query));
    this.ensureScratchCapacity();
    const { scores, touched, lengths } = this;
    const { k1, b } = this.opts;
    const n = this.size;
    // tf·(k1+1) / (tf + k1·(1 - b + b·len/avgdl)), with the length-independent parts hoisted.
    const lengthFree = k1 * (1 - b);
    const perLength = (k1 * b) / this.averageLength;
    let touchedCount = 0;
    for (const [term, count] of queryTerms) {
      const postings = this.postings.get(term);
      if (postings === undefined) continue;
      const { slots, tfs, length } = postings;
      const weight = count * idf(n, length) * (k1 + 1);
      for (let i = 0; i < length; i++) {
        const slot = slots[i];
        const tf = tfs[i];
        // Every contribution is positive, so a zero score means the slot is not yet touched.
        if (scores[slot] === 0) touched[touchedCount++] = slot;
        scores[slot] += (weight * tf) / (tf + lengthFree + perLength * lengths[slot]);
      }
    }
    const top = new TopK(topK);
    try {
      for (let i = 0; i < touchedCount; i++) {
        const slot = touched[i];
        const id = (this.docs[slot] as DocEntry).id;
        const score = scores[slot];
        if (top.admits(id, score) && (accept === undefined || accept(id))) top.offer(id, score);
      }
    } finally {
      for (let i = 0; i < touchedCount; i++) scores[touched[i]] = 0;
    }
    return top.drain();
  }

  /**
   * The document side of BM25 as a sparse vector: each term's saturated, length-normalised
   * frequency `tf·(k1+1) / (tf + k1·(1 - b + b·len/avgdl))` against this index's current avgdl.
   * Its dot product with {@link queryWeights} is the document's BM25 score (how an external
   * sparse-vector store, such as Pinecone, scores BM25).
   */
  documentWeights(fields: Bm25Fields): Map<string, number> {
    const tfs = this.weightedTermFrequencies(fields);
    let length = 0;
    for (const tf of tfs.values()) length += tf;
    const { k1, b } = this.opts;
    const averageLength = this.averageLength || length || 1;
    const norm = k1 * (1 - b + (b * length) / averageLength);
    const weights = new Map<string, number>();
    for (const [term, tf] of tfs) weights.set(term, (tf * (k1 + 1)) / (tf + norm));
    return weights;
  }

  /** Each distinct analyzed query term with the number of documents containing it (0 for unknown words). */
  termStats(query: string): Array<{ term: string; chunks: number }> {
    return [...countTerms(analyze(query)).keys()].map((term) => ({ term, chunks: this.documentFrequency(term) }));
  }

  /** The query side: each analyzed query term's idf, once per occurrence. */
  queryWeights(query: string): Map<string, number> {
    const weights = new Map<string, number>();
    for (const [term, count] of countTerms(analyze(query))) {
      const df = this.documentFrequency(term);
      if (df > 0) weights.set(term, count * idf(this.size, df));
    }
    return weights;
  }

  private weightedTermFrequencies(fields: Bm25Fields): Map<string, number> {
    const { title, heading, body } = this.opts.fieldWeights;
    const tfs = new Map<string, number>();
    const addField = (text: string, weight: number): void => {
      if (weight === 0) return;
      for (const term of analyze(text)) tfs.set(term, (tfs.get(term) ?? 0) + weight);
    };
    addField(fields.title, title);
    for (const headingText of fields.headingPath) addField(headingText, heading);
    addField(fields.text, body);
    return tfs;
  }

  private removePosting(postings: PostingList, at: number): void {
    if (postings.removeAt(at)) {
      (this.docs[postings.slots[at]] as DocEntry).positions[postings.termIndexes[at]] = at;
    }
    if (postings.length === 0) this.postings.delete(postings.term);
  }

  private ensureScratchCapacity(): void {
    if (this.scores.length >= this.docs.length) return;
    const capacity = Math.max(this.docs.length, 2 * this.scores.length);
    this.scores = new Float64Array(capacity);
    this.touched = new Int32Array(capacity);
  }
}

function idf(documentCount: number, documentFrequency: number): number {
  return Math.log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

function countTerms(terms: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
