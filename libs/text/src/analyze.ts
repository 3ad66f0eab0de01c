import { stem } from './stem';
import { CHAT_SPEAK_FUNCTION_WORDS, STOPWORDS, UNAPOSTROPHED_CONTRACTIONS } from './stopwords';
import { tokenize } from './tokenize';

/** The search analyzer (BM25 and the extractive answer scorer): tokenize, drop stopwords, stem. */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) if (isContentToken(token)) terms.push(stem(token));
  return terms;
}

/** A token the analyzer keeps (not a stopword, nor a contraction typed without its apostrophe, nor chat-speak for a stopword). */
export function isContentToken(token: string): boolean {
  return !STOPWORDS.has(token) && !UNAPOSTROPHED_CONTRACTIONS.has(token) && !CHAT_SPEAK_FUNCTION_WORDS.has(token);
}
