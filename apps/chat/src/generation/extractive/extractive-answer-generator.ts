import type { AnswerGenerator, GenerationInput, GenerationStream } from '../answer-generator';
import { buildAbstentionText } from './abstention';
import { selectSentences } from './sentence-selection';
import { streamWords } from './word-stream';

/** The one line that tells the reader the answer was not written by the LLM. */
export const RETRIEVAL_ONLY_NOTICE = '_Answering from the help center directly (AI answers are unavailable right now)._';

/**
 * The fallback when no LLM is available: answers with the help-center sentences that
 * best match the question, each cited, instead of failing the conversation. It never
 * writes anything the sources do not say, and abstains when no sentence covers enough of
 * the question (see {@link selectSentences}).
 */
export class ExtractiveAnswerGenerator implements AnswerGenerator {
  readonly mode = 'retrieval-only' as const;

  generate(input: GenerationInput, signal: AbortSignal): GenerationStream {
    return streamWords(composeAnswer(input), signal);
  }
}

function composeAnswer({ sources, relevance }: GenerationInput): string {
  const sentences = selectSentences(sources, relevance);
  if (sentences.length === 0) return buildAbstentionText();
  const body = sentences.map(({ text, sourceN }) => `${withFinalPunctuation(text)} [${sourceN}]`).join(' ');
  return `${RETRIEVAL_ONLY_NOTICE}\n\n${body}`;
}

/** List items often lack a full stop; without one, joined sentences run together. */
function withFinalPunctuation(sentence: string): string {
  return /[.!?]["')\]]?$/.test(sentence) ? sentence : `${sentence}.`;
}
