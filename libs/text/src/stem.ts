import { porter2 } from './porter2';

/** Enough for a large help centre's vocabulary; past it the oldest stems are forgotten first. */
const MAX_CACHED_STEMS = 50_000;
const cache = new Map<string, string>();

/**
 * Porter2 stem of a lowercased word. Memoised: it runs for every token at index and query
 * time, and a corpus repeats a small vocabulary.
 */
export function stem(word: string): string {
  const cached = cache.get(word);
  if (cached !== undefined) return cached;
  const stemmed = porter2(word);
  if (cache.size >= MAX_CACHED_STEMS) cache.delete(cache.keys().next().value as string);
  cache.set(word, stemmed);
  return stemmed;
}
