import type { QueryRelevance } from '../relevance/query-relevance';

/** A numbered passage the answer may cite as `[n]`. */
export interface ContextSource {
  n: number;
  documentId: string;
  chunkId: string;
  title: string;
  url?: string;
  headingPath: string[];
  text: string;
  /** Retrieval's fused score. */
  score: number;
  /** Share of the question the passage covers ({@link QueryRelevance.coverage}). */
  coverage: number;
}

export interface ConversationTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface GenerationInput {
  /** The user's question as asked (what Claude answers). */
  question: string;
  /** The standalone form it was searched with (a follow-up rewritten with its context). */
  searchQuery: string;
  /** Passages that passed the relevance floor, best first; empty = the answer abstains. */
  sources: ContextSource[];
  history: ConversationTurn[];
  /** The question's term weights over the retrieved candidates. */
  relevance: QueryRelevance;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/**
 * Pieces of answer text as they are produced. `usage` is what the provider reported so far
 * (complete once the iterator ends). Ending early without an error means the signal aborted.
 */
export interface GenerationStream extends AsyncIterable<string> {
  usage(): TokenUsage | undefined;
}

/** Writes an answer from the packed context. Implementations: Claude, extractive. */
export interface AnswerGenerator {
  readonly mode: 'llm' | 'retrieval-only';
  generate(input: GenerationInput, signal: AbortSignal): GenerationStream;
}
