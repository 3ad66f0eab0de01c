/** A hit from one of the in-memory indexes. */
export interface ScoredId {
  id: string;
  score: number;
}

/**
 * Keeps the k best of a stream of candidates: highest score first, ties broken by ascending id
 * so results are deterministic. A binary min-heap whose root is the worst kept candidate makes
 * each offer O(log k), and most candidates are rejected in O(1) by `admits`.
 */
export class TopK {
  // Parallel arrays rather than objects: no allocation per candidate.
  private readonly ids: string[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  /** Whether a candidate would be kept; check it before running an expensive filter. */
  admits(id: string, score: number): boolean {
    if (this.ids.length < this.k) return true;
    return this.k > 0 && isBetter(score, id, this.scores[0], this.ids[0]);
  }

  /** The k-th best score kept: 0 until k candidates are. */
  get floor(): number {
    return this.ids.length < this.k ? 0 : this.scores[0];
  }

  offer(id: string, score: number): void {
    if (!this.admits(id, score)) return;
    if (this.ids.length < this.k) {
      this.ids.push(id);
      this.scores.push(score);
      this.siftUp(this.ids.length - 1);
    } else {
      this.ids[0] = id;
      this.scores[0] = score;
      this.siftDown(0);
    }
  }

  /** The kept candidates, best first. Leaves the heap empty. */
  drain(): ScoredId[] {
    const result = new Array<ScoredId>(this.ids.length);
    for (let i = this.ids.length - 1; i >= 0; i--) {
      result[i] = { id: this.ids[0], score: this.scores[0] };
      const lastId = this.ids.pop() as string;
      const lastScore = this.scores.pop() as number;
      if (i > 0) {
        this.ids[0] = lastId;
        this.scores[0] = lastScore;
        this.siftDown(0);
      }
    }
    return result;
  }

  /** Whether entry `a` ranks below entry `b`, i.e. belongs nearer the root. */
  private worse(a: number, b: number): boolean {
    return isBetter(this.scores[b], this.ids[b], this.scores[a], this.ids[a]);
  }

  private siftUp(index: number): void {
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.worse(child, parent)) return;
      this.swap(child, parent);
      child = parent;
    }
  }

  private siftDown(index: number): void {
    const n = this.ids.length;
    let parent = index;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let worst = parent;
      if (left < n && this.worse(left, worst)) worst = left;
      if (right < n && this.worse(right, worst)) worst = right;
      if (worst === parent) return;
      this.swap(parent, worst);
      parent = worst;
    }
  }

  private swap(a: number, b: number): void {
    const id = this.ids[a];
    this.ids[a] = this.ids[b];
    this.ids[b] = id;
    const score = this.scores[a];
    this.scores[a] = this.scores[b];
    this.scores[b] = score;
  }
}

function isBetter(score: number, id: string, otherScore: number, otherId: string): boolean {
  return score > otherScore || (score === otherScore && id < otherId);
}
