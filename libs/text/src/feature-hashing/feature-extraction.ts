import { stem } from '../stem';
import { STOPWORDS } from '../stopwords';
import { tokenize } from '../tokenize';
import { finalize, fnvAddCode, fnvAddString, fnvStart } from './feature-hash';

/**
 * Whole stems carry the meaning, so they dominate; bigrams add a little word order;
 * character n-grams only bridge spelling variants the stemmer misses ("pin"/"pins",
 * typos), and a token yields a dozen of them, so each one counts for little.
 */
const FAMILY_WEIGHTS = { unigram: 1, bigram: 0.5, charGram: 0.15 };

const MIN_CHAR_GRAM = 3;
const MAX_CHAR_GRAM = 5;

// Distinct first code units keep the families apart: the word "abc" and the char
// gram "abc" must not land on the same feature.
const UNIGRAM_TAG = 0x75; // 'u'
const BIGRAM_TAG = 0x62; // 'b'
const CHAR_GRAM_TAG = 0x63; // 'c'
const BIGRAM_SEPARATOR = 0x20;
// A code unit `tokenize` never emits, standing for the start and end of a word, so
// "pin" yields "^pi", "pin", "in$" and prefixes/suffixes match as such.
const WORD_BOUNDARY = 0x01;

/** Weighted feature hashes of one text: hash → summed weight after sublinear tf. */
export type WeightedFeatures = Map<number, number>;

/**
 * Term frequencies per family, keyed by finalised 30-bit hash. Collisions at 30 bits
 * are rare enough to ignore next to the index collisions feature hashing accepts anyway.
 */
interface FeatureCounts {
  unigrams: Map<number, number>;
  bigrams: Map<number, number>;
  charGrams: Map<number, number>;
}

export function extractFeatures(text: string): WeightedFeatures {
  const counts: FeatureCounts = { unigrams: new Map(), bigrams: new Map(), charGrams: new Map() };
  const words = tokenize(text).filter((token) => !STOPWORDS.has(token));
  let previousStem: string | undefined;
  for (const word of words) {
    const wordStem = stem(word);
    increment(counts.unigrams, finalize(fnvAddString(fnvAddCode(fnvStart(), UNIGRAM_TAG), wordStem)));
    if (previousStem !== undefined) {
      let h = fnvAddString(fnvAddCode(fnvStart(), BIGRAM_TAG), previousStem);
      h = fnvAddString(fnvAddCode(h, BIGRAM_SEPARATOR), wordStem);
      increment(counts.bigrams, finalize(h));
    }
    addCharGrams(counts.charGrams, word);
    previousStem = wordStem;
  }
  const features: WeightedFeatures = new Map();
  addSublinear(features, counts.unigrams, FAMILY_WEIGHTS.unigram);
  addSublinear(features, counts.bigrams, FAMILY_WEIGHTS.bigram);
  addSublinear(features, counts.charGrams, FAMILY_WEIGHTS.charGram);
  return features;
}

/**
 * N-grams of the surface word rather than the stem: the stemmer already unifies
 * inflections, and the raw form keeps prefixes/suffixes it strips for typo matching.
 */
function addCharGrams(target: Map<number, number>, word: string): void {
  // Positions -1 and word.length are the boundary markers.
  const last = word.length;
  for (let n = MIN_CHAR_GRAM; n <= MAX_CHAR_GRAM; n++) {
    for (let start = -1; start + n - 1 <= last; start++) {
      let h = fnvAddCode(fnvStart(), CHAR_GRAM_TAG);
      for (let i = start; i < start + n; i++) {
        h = fnvAddCode(h, i < 0 || i >= last ? WORD_BOUNDARY : word.charCodeAt(i));
      }
      increment(target, finalize(h));
    }
  }
}

function increment(counts: Map<number, number>, hash: number): void {
  counts.set(hash, (counts.get(hash) ?? 0) + 1);
}

/** Sublinear tf: the tenth repeat of a word says far less than the first. */
function addSublinear(target: WeightedFeatures, counts: Map<number, number>, weight: number): void {
  for (const [hash, tf] of counts) {
    target.set(hash, (target.get(hash) ?? 0) + weight * (1 + Math.log(tf)));
  }
}

/** The single feature used when a text has no content words (empty, stopwords only). */
export function fallbackFeature(text: string): WeightedFeatures {
  return new Map([[finalize(fnvAddString(fnvStart(), text.trim().toLowerCase())), 1]]);
}
