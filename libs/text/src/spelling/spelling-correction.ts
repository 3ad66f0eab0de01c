import { isContentToken } from '../analyze';
import { porter2 } from '../porter2';
import { stem } from '../stem';
import { tokenize } from '../tokenize';
import type { WordList } from '../wordnet-index';

/** What the spelling correction needs of an index: how many chunks contain an analyzed term. */
export interface TermVocabulary {
  documentFrequency(term: string): number;
}

/** A query analyzed as `analyze` does, misspelt words replaced by the indexed term they stand for. */
export interface CorrectedQuery {
  /** The analyzed terms, in order, repeats kept (as `analyze` returns them). */
  terms: string[];
  /** Each corrected term (as the misspelt word analyzes) → the indexed term it was read as. */
  corrections: ReadonlyMap<string, string>;
}

/**
 * Shorter words are left alone: one edit away from a 3- or 4-letter word are many others
 * ("plz", "fee" → "few", "see"…), and guessing among them is noise.
 */
export const MIN_CORRECTED_LENGTH = 5;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The search analyzer with typo tolerance (docs/retrieval.md, "Spelling correction"): each
 * content word whose term no chunk of the index contains, that is not an English word
 * (`words`), of letters only and at least {@link MIN_CORRECTED_LENGTH} long, is read as the
 * indexed term it is one edit from (see {@link correctWord}); every other word analyzes as
 * `analyze` has it. "plz how to chnage my adress" → `chang`, `address`.
 */
export function correctQuery(query: string, vocabulary: TermVocabulary, words: WordList): CorrectedQuery {
  const terms: string[] = [];
  const corrections = new Map<string, string>();
  for (const token of tokenize(query)) {
    if (!isContentToken(token)) continue;
    const term = stem(token);
    const corrected = vocabulary.documentFrequency(term) > 0 ? undefined : correctWord(token, vocabulary, words);
    if (corrected !== undefined) corrections.set(term, corrected);
    terms.push(corrected ?? term);
  }
  return { terms, corrections };
}

/**
 * The indexed term a misspelt word stands for: of the words one edit away from it (a letter
 * inserted, deleted or replaced, or two adjacent letters swapped: Damerau–Levenshtein 1)
 * whose term the index has, an English word before any other ("reatment" is "treatment",
 * not "relatment", whose stem `relat` is more common), then the one in most chunks.
 * Undefined when the word is an English word, has digits or other letters, is too short, has
 * no such neighbour, or two neighbours tie (ambiguous).
 *
 * The edits are made to the word as written and each result is stemmed, rather than comparing
 * stems: a typo changes how the stemmer cuts a word ("chnage" stays "chnage", "change" becomes
 * "chang": two edits apart as stems, one as words). Generating the ~54·length neighbours costs
 * a few hundred stems and map look-ups per corrected word and needs no index of the vocabulary
 * (no memory per term). Two edits are not tried: that reads compounds the knowledge base lacks
 * as a word it has ("remortgage" → "mortgage"), and costs the square.
 */
export function correctWord(word: string, vocabulary: TermVocabulary, words: WordList): string | undefined {
  if (word.length < MIN_CORRECTED_LENGTH || !/^[a-z]+$/.test(word) || words.has(word)) return undefined;
  // Each indexed term one edit away, with the neighbours that stem to it.
  const candidates = new Map<string, { chunks: number; neighbours: string[] }>();
  for (const neighbour of oneEditAway(word)) {
    if (!isContentToken(neighbour)) continue;
    // porter2 rather than the memoised stem: hundreds of one-off neighbours would evict the words the cache is for.
    const term = porter2(neighbour);
    const known = candidates.get(term);
    if (known) known.neighbours.push(neighbour);
    else {
      const chunks = vocabulary.documentFrequency(term);
      if (chunks > 0) candidates.set(term, { chunks, neighbours: [neighbour] });
    }
  }
  // Most chunks first; the dictionary is asked about as few as it takes (a look-up is a few binary searches).
  const ranked = [...candidates].sort(([, a], [, b]) => b.chunks - a.chunks);
  const english = (i: number) => ranked[i][1].neighbours.some((neighbour) => words.has(neighbour));
  const first = ranked.findIndex((_, i) => english(i));
  if (first >= 0) {
    for (let i = first + 1; i < ranked.length && ranked[i][1].chunks === ranked[first][1].chunks; i++) if (english(i)) return undefined;
    return ranked[first][0];
  }
  const tied = ranked.length > 1 && ranked[1][1].chunks === ranked[0][1].chunks;
  return ranked.length === 0 || tied ? undefined : ranked[0][0];
}

/** Every distinct lower-case word one insertion, deletion, substitution or adjacent swap away from `word`. */
export function oneEditAway(word: string): Set<string> {
  const found = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail.length > 0) found.add(head + tail.slice(1));
    if (tail.length > 1) found.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of LETTERS) {
      found.add(head + letter + tail);
      if (tail.length > 0 && letter !== tail[0]) found.add(head + letter + tail.slice(1));
    }
  }
  found.delete(word);
  return found;
}
