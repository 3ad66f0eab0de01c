// Combining marks left behind once NFKD has split "é" into "e" + U+0301.
const COMBINING_MARKS = /\p{M}+/gu;
// A token is a maximal run of letters or digits in any script.
const WORD = /[\p{L}\p{N}]+/gu;
// Plain ASCII needs no Unicode folding, and most queries and help-centre text are ASCII.
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Lowercases, strips diacritics and splits on anything that is not a letter or a digit.
 * Numbers are kept as tokens; separators inside them split them ("2.50" → "2", "50").
 */
export function tokenize(text: string): string[] {
  const folded = NON_ASCII.test(text) ? text.normalize('NFKD').replace(COMBINING_MARKS, '') : text;
  return folded.toLowerCase().match(WORD) ?? [];
}
