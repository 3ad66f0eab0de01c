/**
 * Cheap estimate of how many LLM tokens a text costs, for sizing chunks and prompts without
 * a real tokenizer: BPE vocabularies average about four characters of English per token, and
 * no tokenizer spends less than one token per word, so the estimate is
 * `max(ceil(chars / 4), words)`. It errs high on text full of short words and numbers.
 */
export function estimateTokens(text: string): number {
  return Math.max(Math.ceil(text.length / 4), countWords(text));
}

/** Number of whitespace-separated words. */
function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isWhitespace(text.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x2028 || code === 0x2029;
}
