import { analyze } from '@eloquent/text';

/**
 * A bounded memo that forgets what has not been used for a while first. Answers analyze the
 * same help-center passages over and over (a knowledge base has a few thousand chunks,
 * questions cluster on a few hundred), so analysis is memoised by text here instead of
 * being redone for every answer — under load it was the largest CPU cost in chat.
 *
 * Two generations rather than a strict LRU list: a hit in the current generation is one map
 * lookup (a strict LRU re-inserted the entry on every hit, ~40 times per answer per cache:
 * docs/performance.md §5); a hit in the previous one moves the entry up; when the current
 * generation is full the previous one is dropped. So an entry used at least once per
 * `maxEntries / 2` insertions stays, and at most `maxEntries` are kept.
 */
export class RecentlyUsedCache<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();
  private readonly generationSize: number;

  constructor(maxEntries: number) {
    this.generationSize = Math.max(1, Math.floor(maxEntries / 2));
  }

  get(key: string, compute: (key: string) => V): V {
    const cached = this.current.get(key);
    if (cached !== undefined) return cached;
    const value = this.previous.get(key) ?? compute(key);
    this.set(key, value);
    return value;
  }

  /** Keeps `value` for `key`, replacing what was kept for it. */
  set(key: string, value: V): void {
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }
}

/** A passage as a memo of its text finds it: by its chunk id when it has one. */
export interface PassageKey {
  text: string;
  chunkId?: string;
}

/**
 * A memo of what is computed from a passage's text, found by the passage's chunk id when it
 * has one. Keyed by the text itself, every look-up of a passage just parsed from the search
 * reply hashed its whole text (a new string each answer): ~1 µs per passage, for 40
 * candidates and several memos per answer (docs/performance.md §5). The id is short; the
 * entry is used only when its text equals the passage's (`===` compares the contents, no
 * hash), and a chunk whose text changed is computed again, so the value is always its text's.
 */
export class PassageMemo<V> {
  private readonly byText: RecentlyUsedCache<V>;
  private readonly byChunk: RecentlyUsedCache<{ text: string; value: V }>;

  constructor(maxEntries: number) {
    this.byText = new RecentlyUsedCache(maxEntries);
    this.byChunk = new RecentlyUsedCache(maxEntries);
  }

  get({ text, chunkId }: PassageKey, compute: (text: string) => V): V {
    if (chunkId === undefined) return this.byText.get(text, compute);
    const entry = this.byChunk.get(chunkId, () => ({ text, value: compute(text) }));
    if (entry.text === text) return entry.value;
    const fresh = { text, value: compute(text) };
    this.byChunk.set(chunkId, fresh);
    return fresh.value;
  }
}

/** About 10 KB per chunk-sized entry: some tens of MB at most. */
const MAX_TEXTS = 4_000;
const termSets = new RecentlyUsedCache<ReadonlySet<string>>(MAX_TEXTS);

/** The analyzed terms of `text` (memoised; never mutate the result). */
export function termsOf(text: string): ReadonlySet<string> {
  return termSets.get(text, (key) => new Set(analyze(key)));
}
