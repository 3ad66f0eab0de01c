export interface Fitted {
  text: string;
  truncated: boolean;
}

/**
 * Cuts `text` at the end to the longest prefix of at most `maxTokens` tokens (binary search
 * over the length, so any tokenizer works), never inside a surrogate pair. Texts that fit
 * are returned as they are. Every tier counts at most one token per UTF-16 unit (WordPiece
 * pieces and words are at least a character; the API estimate is a third of ≤ 3 bytes per
 * unit), so a text no longer than `maxTokens` units fits without counting.
 */
export function fitToTokens(text: string, maxTokens: number, countTokens: (text: string) => number): Fitted {
  if (text.length <= maxTokens || countTokens(text) <= maxTokens) return { text, truncated: false };
  let fits = 0;
  let tooLong = text.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (countTokens(text.slice(0, middle)) <= maxTokens) fits = middle;
    else tooLong = middle;
  }
  const code = text.charCodeAt(fits - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? fits - 1 : fits;
  return { text: text.slice(0, end), truncated: true };
}
