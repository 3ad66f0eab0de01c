/**
 * The Porter2 ("Snowball English") stemmer, written from the published algorithm
 * (snowballstem.org/algorithms/english/stemmer.html, as shipped in Snowball 2.x).
 * Expects a lowercased word; `Y` marks a y that acts as a consonant while stemming.
 */

/** Whole words with a fixed stem, checked before anything else. */
const EXCEPTIONAL_FORMS: ReadonlyMap<string, string> = new Map([
  ['skis', 'ski'],
  ['skies', 'sky'],
  ['dying', 'die'],
  ['lying', 'lie'],
  ['tying', 'tie'],
  ['idly', 'idl'],
  ['gently', 'gentl'],
  ['ugly', 'ugli'],
  ['early', 'earli'],
  ['only', 'onli'],
  ['singly', 'singl'],
  ['sky', 'sky'],
  ['news', 'news'],
  ['howe', 'howe'],
  ['atlas', 'atlas'],
  ['cosmos', 'cosmos'],
  ['bias', 'bias'],
  ['andes', 'andes'],
]);

/** Words left as they are once Step 1a has run. */
const INVARIANT_AFTER_STEP_1A: ReadonlySet<string> = new Set(['inning', 'outing', 'canning', 'herring', 'earring', 'evening', 'proceed', 'exceed', 'succeed']);

/** Prefixes whose end is taken as the start of R1, so "general" and "generous" keep "gener". */
const R1_PREFIXES = ['gener', 'commun', 'arsen'];

const DOUBLES: ReadonlySet<string> = new Set(['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
const VALID_LI_ENDINGS = 'cdeghkmnrt';

/**
 * A suffix rule: replace `suffix` by `replacement` if the suffix lies in the rule's region
 * (R1 or R2) and `when`, given the text before the suffix, allows it.
 */
interface SuffixRule {
  suffix: string;
  replacement: string;
  region: 'R1' | 'R2';
  when?: (base: string) => boolean;
}

const STEP_1B_SUFFIXES = ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed'];

const STEP_2_RULES = byLongestSuffix([
  rule('tional', 'tion'),
  rule('enci', 'ence'),
  rule('anci', 'ance'),
  rule('abli', 'able'),
  rule('entli', 'ent'),
  rule('izer', 'ize'),
  rule('ization', 'ize'),
  rule('ational', 'ate'),
  rule('ation', 'ate'),
  rule('ator', 'ate'),
  rule('alism', 'al'),
  rule('aliti', 'al'),
  rule('alli', 'al'),
  rule('fulness', 'ful'),
  rule('ousli', 'ous'),
  rule('ousness', 'ous'),
  rule('iveness', 'ive'),
  rule('iviti', 'ive'),
  rule('biliti', 'ble'),
  rule('bli', 'ble'),
  rule('fulli', 'ful'),
  rule('lessli', 'less'),
  rule('ogi', 'og', 'R1', (base) => base.endsWith('l')),
  rule('li', '', 'R1', (base) => VALID_LI_ENDINGS.includes(base[base.length - 1])),
]);

const STEP_3_RULES = byLongestSuffix([
  rule('tional', 'tion'),
  rule('ational', 'ate'),
  rule('alize', 'al'),
  rule('icate', 'ic'),
  rule('iciti', 'ic'),
  rule('ical', 'ic'),
  rule('ful', ''),
  rule('ness', ''),
  rule('ative', '', 'R2'),
]);

const STEP_4_RULES = byLongestSuffix([
  ...['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'].map((suffix) =>
    rule(suffix, '', 'R2'),
  ),
  rule('ion', '', 'R2', (base) => base.endsWith('s') || base.endsWith('t')),
]);

/** Stems the word as Porter2 does; see the module comment. */
export function porter2(word: string): string {
  const exceptional = EXCEPTIONAL_FORMS.get(word);
  if (exceptional !== undefined) return exceptional;
  if (word.length < 3) return word;

  let w = markConsonantY(word.startsWith("'") ? word.slice(1) : word);
  const prefix = R1_PREFIXES.find((p) => w.startsWith(p));
  const p1 = prefix ? prefix.length : regionAfter(w, 0);
  const p2 = regionAfter(w, p1);

  w = step1a(removePossessive(w));
  if (!INVARIANT_AFTER_STEP_1A.has(w)) {
    w = step1c(step1b(w, p1));
    w = applyRule(w, STEP_2_RULES, p1, p2);
    w = applyRule(w, STEP_3_RULES, p1, p2);
    w = applyRule(w, STEP_4_RULES, p1, p2);
    w = step5(w, p1, p2);
  }
  return w.replace(/Y/g, 'y');
}

function isVowel(c: string | undefined): boolean {
  return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y';
}

function hasVowel(w: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isVowel(w[i])) return true;
  return false;
}

/** An initial y, or a y after a vowel, is a consonant: mark it `Y` so it is not taken for a vowel. */
function markConsonantY(w: string): string {
  if (!w.includes('y')) return w;
  let marked = '';
  for (let i = 0; i < w.length; i++) {
    marked += w[i] === 'y' && (i === 0 || isVowel(marked[i - 1])) ? 'Y' : w[i];
  }
  return marked;
}

/** Start of the region after the first non-vowel that follows a vowel, searching from `from`. */
function regionAfter(w: string, from: number): number {
  let i = from;
  while (i < w.length && !isVowel(w[i])) i++;
  while (i < w.length && isVowel(w[i])) i++;
  return Math.min(i + 1, w.length);
}

/**
 * A short syllable ends `w`: non-vowel, vowel, non-vowel other than w, x or Y; or, for a
 * two-letter word, vowel then non-vowel.
 */
function endsWithShortSyllable(w: string): boolean {
  const n = w.length;
  if (n === 2) return isVowel(w[0]) && !isVowel(w[1]);
  return n >= 3 && !isVowel(w[n - 3]) && isVowel(w[n - 2]) && !isVowel(w[n - 1]) && !'wxY'.includes(w[n - 1]);
}

function removePossessive(w: string): string {
  for (const suffix of ["'s'", "'s", "'"]) if (w.endsWith(suffix)) return w.slice(0, -suffix.length);
  return w;
}

function step1a(w: string): string {
  if (w.endsWith('sses')) return w.slice(0, -2);
  // "cries" → "cri" but "ties" → "tie": keep the e when only one letter precedes.
  if (w.endsWith('ied') || w.endsWith('ies')) return w.slice(0, -3) + (w.length > 4 ? 'i' : 'ie');
  if (w.endsWith('us') || w.endsWith('ss')) return w;
  // Drop a plural s only if a vowel occurs before the letter preceding it ("gaps" → "gap", "gas" stays).
  if (w.endsWith('s') && hasVowel(w, 0, w.length - 2)) return w.slice(0, -1);
  return w;
}

function step1b(w: string, p1: number): string {
  const suffix = STEP_1B_SUFFIXES.find((s) => w.endsWith(s));
  if (suffix === undefined) return w;
  const base = w.slice(0, -suffix.length);
  if (suffix === 'eed' || suffix === 'eedly') return base.length >= p1 ? `${base}ee` : w;
  if (!hasVowel(base, 0, base.length)) return w;
  if (base.endsWith('at') || base.endsWith('bl') || base.endsWith('iz')) return `${base}e`;
  if (DOUBLES.has(base.slice(-2))) return base.slice(0, -1);
  // A short word (empty R1, short final syllable) gets its e back: "hoped" → "hope".
  if (base.length === p1 && endsWithShortSyllable(base)) return `${base}e`;
  return base;
}

function step1c(w: string): string {
  const n = w.length;
  const last = w[n - 1];
  if ((last === 'y' || last === 'Y') && n > 2 && !isVowel(w[n - 2])) return `${w.slice(0, -1)}i`;
  return w;
}

function step5(w: string, p1: number, p2: number): string {
  const base = w.slice(0, -1);
  if (w.endsWith('e') && (base.length >= p2 || (base.length >= p1 && !endsWithShortSyllable(base)))) return base;
  if (w.endsWith('l') && base.length >= p2 && base.endsWith('l')) return base;
  return w;
}

/**
 * Applies the rule for the longest suffix of `w` (Steps 2 to 4), if the suffix lies in the
 * rule's region and its condition holds. A shorter suffix is never tried instead.
 */
function applyRule(w: string, rules: readonly SuffixRule[], p1: number, p2: number): string {
  const match = rules.find((r) => w.endsWith(r.suffix));
  if (match === undefined) return w;
  const base = w.slice(0, w.length - match.suffix.length);
  if (base.length < (match.region === 'R1' ? p1 : p2) || (match.when && !match.when(base))) return w;
  return base + match.replacement;
}

function rule(suffix: string, replacement: string, region: 'R1' | 'R2' = 'R1', when?: (base: string) => boolean): SuffixRule {
  return { suffix, replacement, region, when };
}

function byLongestSuffix(rules: SuffixRule[]): readonly SuffixRule[] {
  return [...rules].sort((a, b) => b.suffix.length - a.suffix.length);
}
