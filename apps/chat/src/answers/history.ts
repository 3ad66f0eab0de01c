import type { MessageRole, MessageStatus, SuggestedArticle } from '@eloquent/contracts';
import { estimateTokens } from '@eloquent/text';
import type { ConversationTurn } from '../generation/answer-generator';
import { RETRIEVAL_ONLY_NOTICES } from '../generation/extractive/extractive-answer-generator';

export interface StoredTurn {
  /** Set by conversations.service.ts (the suggestion a question picks is recorded on this row); absent in tests that build history by hand. */
  id?: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  /** What an abstention offered (docs/chat.md, "Suggested articles"): null or absent otherwise. */
  suggestedArticles?: SuggestedArticle[] | null;
}

export interface HistoryOptions {
  /** Most messages kept (a question and its answer are two). */
  maxMessages: number;
  /** Token budget of the whole history. */
  maxTokens: number;
  /** An answer longer than this is cut to its beginning. */
  turnMaxTokens: number;
}

const CITATION = /\s?\[\d+\]/g;

/**
 * How many earlier messages to read for a history of at most `maxMessages`: twice the window,
 * because failed or cancelled exchanges in it are dropped, not counted.
 */
export function historyReadLimit(maxMessages: number): number {
  return maxMessages * 2;
}

/**
 * The recent conversation the generator sees, within its own token budget:
 * - only complete exchanges (a question and its complete answer) are kept; a question
 *   whose answer failed or was cancelled is dropped with it, so turns always alternate;
 * - answers lose their `[n]` markers (they point at an earlier answer's sources, and the
 *   model would confuse them with this one's) and the retrieval-only notice line;
 * - a turn longer than `turnMaxTokens` is cut to its beginning, marked with "…";
 * - the newest exchanges are kept first; older ones are dropped once the budget is spent.
 * `earlier` is oldest first; so is the result.
 */
export function packHistory(earlier: StoredTurn[], options: HistoryOptions): ConversationTurn[] {
  const exchanges: Array<[ConversationTurn, ConversationTurn]> = [];
  for (let i = 0; i + 1 < earlier.length; i++) {
    const [question, answer] = [earlier[i], earlier[i + 1]];
    if (question.role !== 'user' || answer.role !== 'assistant' || answer.status !== 'complete') continue;
    exchanges.push([
      { role: 'user', content: condense(question.content, options.turnMaxTokens) },
      { role: 'assistant', content: condense(stripAnswerNoise(answer.content), options.turnMaxTokens) },
    ]);
    i++;
  }
  const kept: ConversationTurn[] = [];
  let tokens = 0;
  for (const exchange of exchanges.reverse()) {
    const cost = exchange.reduce((sum, turn) => sum + estimateTokens(turn.content), 0);
    if (kept.length + 2 > options.maxMessages || tokens + cost > options.maxTokens) break;
    kept.unshift(...exchange);
    tokens += cost;
  }
  return kept;
}

function stripAnswerNoise(answer: string): string {
  let text = answer;
  for (const notice of Object.values(RETRIEVAL_ONLY_NOTICES)) text = text.replace(notice, '');
  return text.replace(CITATION, '').trim();
}

/** Cuts `text` to about `maxTokens`, at a word boundary. */
export function condense(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  let cut = text.slice(0, maxTokens * 4);
  while (cut.length > 0 && estimateTokens(`${cut} …`) > maxTokens) cut = cut.slice(0, Math.floor(cut.length * 0.9));
  const space = cut.lastIndexOf(' ');
  return `${(space > 0 ? cut.slice(0, space) : cut).trimEnd()} …`;
}
