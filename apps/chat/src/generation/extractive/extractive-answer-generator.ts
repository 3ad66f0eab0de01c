import type { AnsweredQuestion, AnswerGenerator, GenerationInput, GenerationStream } from '../answer-generator';
import { streamAbstention } from './abstention';
import { selectAnswer, type AnswerPart } from './answer-selection';
import { streamWords } from './word-stream';

/**
 * The one line that tells the reader the answer was not written by an LLM: `keyless` where
 * none is configured (retrieval-only mode), `fallback` where Claude is and failed or its
 * breaker is open (docs/chat.md, "Answering a question"). "Unavailable right now" would be
 * untrue of a deployment that runs without a key on purpose.
 */
export const RETRIEVAL_ONLY_NOTICES = {
  keyless: '_Answering from the help center directly._',
  fallback: '_Answering from the help center directly (AI answers are unavailable right now)._',
} as const;

/**
 * The fallback when no LLM is available: answers by quoting the section of the covering
 * article that best matches the question — or, when no section stands out, the article's
 * summary, naming it — (and, when it leaves part of the question open, one sentence from
 * another article), cited, instead of failing the conversation. It never writes anything
 * the sources do not say. Whether to answer at all was decided before it is called
 * (coverage-decision/coverage-decision.ts); it carries out a "covered" decision.
 */
export class ExtractiveAnswerGenerator implements AnswerGenerator {
  readonly mode = 'retrieval-only' as const;

  /** `abstentionText`: what it says when it has nothing to quote (Generators.abstentionText); `notice`: its first line. */
  constructor(
    private readonly abstentionText: string,
    private readonly notice: string,
  ) {}

  generate({ sources, relevance, coverage, questions }: GenerationInput, signal: AbortSignal): GenerationStream {
    const parts = questions ? selectAnswers(sources, questions) : selectAnswer(sources, relevance, coverage.documentId);
    // No section of the covering article says anything: abstain rather than quote noise.
    if (parts.length === 0) return streamAbstention(this.abstentionText, signal);
    return streamWords([this.notice, ...parts.map(renderPart)].join('\n\n'), signal);
  }
}

/**
 * A message that asks two questions covered by different articles (answers/two-questions.ts):
 * each one's quote from its own article, in the order asked — the main quote only: with the
 * second quotes as well, on the tuning half with two questions joined, both were cited for
 * 33.0 % instead of 32.2 % but citation precision fell from 71.9 to 67.0 % (docs/chat.md,
 * "Two questions in one message"). One question covered: its answer as for one question.
 */
function selectAnswers(sources: GenerationInput['sources'], questions: readonly AnsweredQuestion[]): AnswerPart[] {
  if (questions.length === 1) return selectAnswer(sources, questions[0].relevance, questions[0].coverage.documentId);
  return questions.flatMap((question) => selectAnswer(sources, question.relevance, question.coverage.documentId).slice(0, 1));
}

/**
 * Markdown: paragraphs as paragraphs, each cited; a run of list items as a list, cited
 * once after its last item (a marker on every step would be noise), as is the sentence
 * that introduces it.
 */
function renderPart({ sourceN, lead, blocks }: AnswerPart): string {
  const cite = ` [${sourceN}]`;
  const lines: string[] = lead ? [lead] : [];
  blocks.forEach((block, i) => {
    if (!block.listMarker) {
      if (lines.length > 0) lines.push('');
      // "You can dispute it if, for example:" introduces the list after it, cited at its end.
      const introducesList = block.text.endsWith(':') && blocks[i + 1]?.listMarker !== undefined;
      lines.push(introducesList ? block.text : withFinalPunctuation(block.text) + cite);
      return;
    }
    if (i > 0 && !blocks[i - 1].listMarker) lines.push('');
    const endsRun = i === blocks.length - 1 || !blocks[i + 1].listMarker;
    lines.push(`${block.listMarker} ${block.text}${endsRun ? cite : ''}`);
  });
  return lines.join('\n');
}

/** A quoted sentence may lack a full stop (a list item, a table row); without one the citation runs on. */
function withFinalPunctuation(sentence: string): string {
  return /[.!?]["')\]]?$/.test(sentence) ? sentence : `${sentence}.`;
}
