/** A numbered passage the answer may cite as `[n]`. */
export interface ContextSource {
  n: number;
  documentId: string;
  chunkId: string;
  title: string;
  url?: string;
  headingPath: string[];
  text: string;
  score: number;
}

export interface ConversationTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface GenerationInput {
  question: string;
  sources: ContextSource[];
  history: ConversationTurn[];
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** Pieces of answer text as they are produced; `usage` is known once the iterator ends. */
export interface GenerationStream extends AsyncIterable<string> {
  usage(): TokenUsage | undefined;
}

/** Writes an answer from the packed context. Implementations: Claude, extractive. */
export interface AnswerGenerator {
  readonly mode: 'llm' | 'retrieval-only';
  generate(input: GenerationInput, signal: AbortSignal): GenerationStream;
}
