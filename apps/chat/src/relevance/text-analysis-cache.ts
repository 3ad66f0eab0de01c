import { analyze } from '@eloquent/text';

/**
 * A bounded map that forgets the least recently used entry first. Answers analyze the
 * same help-center passages over and over (a knowledge base has a few thousand chunks,
 * questions cluster on a few hundred), so analysis is memoised by text here instead of
 * being redone for every answer — under load it was the largest CPU cost in chat.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly maxEntries: number) {}

  get(key: string, compute: (key: string) => V): V {
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const value = compute(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, value);
    return value;
  }
}

/** About 10 KB per chunk-sized entry: some tens of MB at most. */
const MAX_TEXTS = 4_000;
const termSets = new LruCache<ReadonlySet<string>>(MAX_TEXTS);

/** The analyzed terms of `text` (memoised; never mutate the result). */
export function termsOf(text: string): ReadonlySet<string> {
  return termSets.get(text, (key) => new Set(analyze(key)));
}
