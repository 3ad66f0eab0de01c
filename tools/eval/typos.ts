import { isContentToken } from '@eloquent/text';

/**
 * Typos put into questions (`npm run eval:answers -- --typos`): a probe of how the answers
 * hold up when the customer mistypes, with nothing chosen by hand. In each question the
 * longest word of six or more letters (the first of equal length) gets one typo of the kind
 * the question's position picks, in turn: two adjacent letters swapped, a letter dropped, a
 * letter doubled — the commonest kinds of typing error — always in the middle of the word.
 *
 * `--short-typos` probes short words instead (`injectShortTypo`): the typo is put in the first
 * content word (not a stopword) that it leaves four letters long — a four-letter word's middle
 * letters swapped ("card" → "crad"), a five-letter word's middle letter dropped ("limit" →
 * "liit"), a three-letter word's middle letter doubled ("fee" → "feee").
 */
export type TypoKind = 'swap' | 'drop' | 'double';
export const TYPO_KINDS: readonly TypoKind[] = ['swap', 'drop', 'double'];

export function injectTypo(question: string, kind: TypoKind): string {
  let target: { index: number; word: string } | undefined;
  for (const match of question.matchAll(/[A-Za-z]{6,}/g)) if (!target || match[0].length > target.word.length) target = { index: match.index!, word: match[0] };
  if (!target) return question;
  const { index, word } = target;
  return question.slice(0, index) + mistype(word, kind) + question.slice(index + word.length);
}

/** The length of the typed words `injectShortTypo` makes. */
export const SHORT_TYPO_LENGTH = 4;

/** The length of word a typo of each kind leaves {@link SHORT_TYPO_LENGTH} letters long. */
const SHORT_TARGET_LENGTH: Record<TypoKind, number> = { swap: SHORT_TYPO_LENGTH, drop: SHORT_TYPO_LENGTH + 1, double: SHORT_TYPO_LENGTH - 1 };

export function injectShortTypo(question: string, kind: TypoKind): string {
  // Whole words only: not the "don" of "don't".
  for (const match of question.matchAll(/(?<![A-Za-z'’])[A-Za-z]+(?![A-Za-z'’])/g)) {
    const word = match[0];
    if (word.length !== SHORT_TARGET_LENGTH[kind] || !isContentToken(word.toLowerCase())) continue;
    return question.slice(0, match.index) + mistype(word, kind) + question.slice(match.index! + word.length);
  }
  return question;
}

function mistype(word: string, kind: TypoKind): string {
  const m = Math.floor(word.length / 2);
  if (kind === 'swap') return word.slice(0, m - 1) + word[m] + word[m - 1] + word.slice(m + 1);
  if (kind === 'drop') return word.slice(0, m) + word.slice(m + 1);
  return word.slice(0, m) + word[m] + word.slice(m);
}
