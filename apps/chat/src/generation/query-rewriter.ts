import type { ConversationTurn } from './answer-generator';

/** Turns a follow-up question into a standalone search query. Implementations: Claude, heuristic. */
export interface QueryRewriter {
  rewrite(question: string, history: ConversationTurn[]): Promise<string>;
}
