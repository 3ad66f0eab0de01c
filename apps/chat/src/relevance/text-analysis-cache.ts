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
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
    return value;
  }
}

/** About 10 KB per chunk-sized entry: some tens of MB at most. */
const MAX_TEXTS = 4_000;
const termSets = new RecentlyUsedCache<ReadonlySet<string>>(MAX_TEXTS);

/** The analyzed terms of `text` (memoised; never mutate the result). */
export function termsOf(text: string): ReadonlySet<string> {
  return termSets.get(text, (key) => new Set(analyze(key)));
}
