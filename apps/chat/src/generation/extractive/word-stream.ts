import type { GenerationStream } from '../answer-generator';

/** A word with the whitespace after it, or leading whitespace; together they rebuild the text exactly. */
const WORD_PIECE = /\S+\s*|\s+/g;

/**
 * Streams a ready answer word by word, so the client renders it like an LLM answer.
 * Stops quietly once `signal` aborts (the client left or asked to stop).
 */
export function streamWords(text: string, signal: AbortSignal): GenerationStream {
  return {
    async *[Symbol.asyncIterator]() {
      for (const piece of text.match(WORD_PIECE) ?? []) {
        if (signal.aborted) return;
        yield piece;
      }
    },
    usage: () => undefined,
    whole: true,
  };
}
