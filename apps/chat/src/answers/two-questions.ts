import type { SearchHit } from '@eloquent/contracts';
import type { AnsweredQuestion } from '../generation/answer-generator';
import type { PackingOptions } from './context-packer';

/** One question of a message that asks two (answers/question-parts.ts), searched on its own: its hits ranked by article. */
export interface SearchedQuestion extends AnsweredQuestion {
  hits: SearchHit[];
}

/**
 * Which questions of a message that asks two get an answer of their own: those the help
 * center covers (coverage-decision/coverage-decision.ts), each about its own article. None
 * when no question is covered, or both are covered by the same article: the message is then
 * answered as one question, as before (docs/chat.md, "Two questions in one message").
 */
export function answeredQuestions(questions: readonly SearchedQuestion[]): SearchedQuestion[] {
  const covered = questions.filter((q) => q.coverage.verdict === 'covered');
  if (covered.length === 2 && covered[0].coverage.documentId === covered[1].coverage.documentId) return [];
  return covered;
}

/**
 * The candidates of a message that asks two questions: each answered question's article's
 * hits first, in the order asked (the packer gives each of them its passages), then the
 * rest — the whole message's hits, then each question's — each chunk once.
 */
export function mergedHits(answered: readonly SearchedQuestion[], rest: ReadonlyArray<readonly SearchHit[]>): SearchHit[] {
  const seen = new Set<string>();
  const merged: SearchHit[] = [];
  const add = (hit: SearchHit) => {
    if (seen.has(hit.chunkId)) return;
    seen.add(hit.chunkId);
    merged.push(hit);
  };
  for (const question of answered) question.hits.filter((hit) => hit.documentId === question.coverage.documentId).forEach(add);
  for (const hits of rest) hits.forEach(add);
  return merged;
}

/**
 * The packing of a message whose questions are answered from their own articles: each
 * question gets the budget of one (passages and tokens), so each article keeps the sections
 * its answer is chosen from and other articles still fit.
 */
export function twoQuestionPacking(packing: PackingOptions, questions: number): PackingOptions {
  return { ...packing, maxSources: packing.maxSources * questions, maxTokens: packing.maxTokens * questions };
}
