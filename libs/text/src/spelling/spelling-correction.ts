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
 * Shorter words are left alone: one edit away from a 3-letter word are many others ("fee" →
 * "few", "see"…), and chat-speak and abbreviations are 3 letters ("pls" → "plus").
 */
export const MIN_CORRECTED_LENGTH = 4;

/** Words shorter than this are short (4 letters): only {@link SHORT_WORD_EDITS} are tried, and only English neighbours taken. */
export const FULL_EDITS_LENGTH = 5;

/** The kinds of one-letter edit (Damerau–Levenshtein 1). */
export type Edit = 'delete' | 'swap' | 'replace' | 'insert';
export const EVERY_EDIT: readonly Edit[] = ['delete', 'swap', 'replace', 'insert'];

/**
 * The edits tried on a short word: two adjacent letters swapped ("crad" → "card", "bnak" →
 * "bank") and a letter inserted ("limt" → "limit"). A letter replaced or dropped in a
 * 4-letter word reaches many other short words ("paay" → "play", "uber" → "user", "lnog" →
 * "log"), measured on the tuning half (docs/retrieval.md, "Spelling correction").
 */
export const SHORT_WORD_EDITS: readonly Edit[] = ['swap', 'insert'];

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The search analyzer with typo tolerance (docs/retrieval.md, "Spelling correction"): a word
 * the other nation spells otherwise is read as that spelling when more chunks have it
 * ({@link otherNationalSpelling}); each content word whose term no chunk of the index contains is read as its short form's word
 * ({@link expandAbbreviation}) when the index has that; otherwise, if it is not an English word
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
    const corrected =
      otherNationalSpelling(token, term, vocabulary, words) ??
      (vocabulary.documentFrequency(term) > 0 ? undefined : (expandAbbreviation(token, vocabulary) ?? correctWord(token, vocabulary, words)));
    if (corrected !== undefined) corrections.set(term, corrected);
    terms.push(corrected ?? term);
  }
  return { terms, corrections };
}

/**
 * The indexed term of the word as the other nation spells it, when more chunks have it than
 * the word's own term: "recognize" in a help center written "recognise", "cancelled" in one
 * written "canceled". Both are English words, so the edits of {@link correctWord} leave them
 * alone. More chunks, not "the index lacks the word": the stemmer cuts some words of one
 * spelling to a term other words have ("authorize" and "authorities" are both `author`, while
 * "authorise" is `authoris`).
 */
export function otherNationalSpelling(token: string, term: string, vocabulary: TermVocabulary, words: WordList): string | undefined {
  const other = words.otherSpelling?.(token);
  if (other === undefined) return undefined;
  const otherTerm = stem(other);
  return otherTerm !== term && vocabulary.documentFrequency(otherTerm) > vocabulary.documentFrequency(term) ? otherTerm : undefined;
}

/**
 * Short forms customers type for a word ("my acc", "reset my pw"), read as the word when no
 * chunk contains the short form and some contain the word: a short form is too short for the
 * edits of {@link correctWord}, and unread it weighed as the rarest word of the question.
 */
const ABBREVIATIONS = new Map<string, string>([
  ['acc', 'account'],
  ['acct', 'account'],
  ['accnt', 'account'],
  ['info', 'information'],
  ['msg', 'message'],
  ['msgs', 'messages'],
  ['pw', 'password'],
  ['pwd', 'password'],
  ['passwd', 'password'],
  ['txt', 'text'],
  ['addr', 'address'],
  ['amt', 'amount'],
  ['pmt', 'payment'],
  ['pymt', 'payment'],
  ['tmrw', 'tomorrow'],
  ['hrs', 'hours'],
  ['mins', 'minutes'],
  ['yrs', 'years'],
]);

/** The indexed term of the word `token` is a short form of ({@link ABBREVIATIONS}), if the index has it. */
export function expandAbbreviation(token: string, vocabulary: TermVocabulary): string | undefined {
  const word = ABBREVIATIONS.get(token);
  if (word === undefined) return undefined;
  const term = stem(word);
  return vocabulary.documentFrequency(term) > 0 ? term : undefined;
}

/**
 * The indexed term a misspelt word stands for: of the words one edit away from it (a letter
 * inserted, deleted or replaced, or two adjacent letters swapped: Damerau–Levenshtein 1)
 * whose term the index has, an English word before any other ("reatment" is "treatment",
 * not "relatment", whose stem `relat` is more common), then the one in most chunks.
 * Undefined when the word is an English word, has digits or other letters, is too short, has
 * no such neighbour, or two neighbours tie (ambiguous). A short word (under
 * {@link FULL_EDITS_LENGTH} letters) is only read as its one English neighbour by {@link SHORT_WORD_EDITS}.
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
  const short = word.length < FULL_EDITS_LENGTH;
  // Each indexed term one edit away, with the neighbours that stem to it.
  const candidates = new Map<string, { chunks: number; neighbours: string[] }>();
  for (const neighbour of oneEditAway(word, short ? SHORT_WORD_EDITS : EVERY_EDIT)) {
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
  // A short word is read only as a neighbour that is an English word (not "poer" → "oper", which
  // stems as "operate" does), and only when it has one such neighbour, however common the others.
  if (short) {
    const english = [...candidates].filter(([, { neighbours }]) => neighbours.some((neighbour) => words.has(neighbour)));
    return english.length === 1 ? english[0][0] : undefined;
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

/** Every distinct lower-case word one insertion, deletion, substitution or adjacent swap (of the `edits` asked for) away from `word`. */
export function oneEditAway(word: string, edits: readonly Edit[] = EVERY_EDIT): Set<string> {
  const deletes = edits.includes('delete');
  const swaps = edits.includes('swap');
  const replaces = edits.includes('replace');
  const inserts = edits.includes('insert');
  const found = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (deletes && tail.length > 0) found.add(head + tail.slice(1));
    if (swaps && tail.length > 1) found.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of LETTERS) {
      if (inserts) found.add(head + letter + tail);
      if (replaces && tail.length > 0 && letter !== tail[0]) found.add(head + letter + tail.slice(1));
    }
  }
  found.delete(word);
  return found;
}
