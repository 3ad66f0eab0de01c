import type { SearchHit, SmallTalkKind } from '@eloquent/contracts';
import type { CoverageDecision } from '../coverage-decision/coverage-decision';
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
  /** Retrieved passages, best first, numbered for citation. */
  sources: ContextSource[];
  /**
   * Retrieval's candidates the passages were packed from, the chosen article's first
   * (article-ranking.ts); none when the question is off-topic. An abstention offers articles
   * from them (coverage-decision/suggested-articles.ts).
   */
  candidates: readonly SearchHit[];
  history: ConversationTurn[];
  /** The question's term weights over the retrieved candidates. */
  relevance: QueryRelevance;
  /** Whether the knowledge base covers the question, decided before a generator was chosen; generators carry it out. */
  coverage: CoverageDecision;
  /**
   * The message asks two questions (answers/question-parts.ts) and the help center covers
   * them with different articles, or covers one of them: the covered ones, in the order asked,
   * each measured and decided on its own (answers/two-questions.ts). The extractive answer
   * quotes each one's article; Claude answers the message as written, from the passages.
   */
  questions?: AnsweredQuestion[];
  /** The message is small talk, not a question (small-talk/small-talk.ts): nothing was searched, and it gets its own reply, not a generator's. */
  smallTalk?: SmallTalkKind;
}

/** One question of a message that asks two, as searched, with its own relevance and coverage decision. */
export interface AnsweredQuestion {
  question: string;
  relevance: QueryRelevance;
  coverage: CoverageDecision;
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
  /** The generator found that the sources do not answer the question, and said so (Claude's no-answer marker). */
  abstained?(): boolean;
  /** The whole text is known before its first piece (a ready answer streamed word by word): it may be written to the stream at once, at the end. */
  readonly whole?: boolean;
}

/** Writes an answer from the packed context. Implementations: Claude, extractive. */
export interface AnswerGenerator {
  readonly mode: 'llm' | 'retrieval-only';
  generate(input: GenerationInput, signal: AbortSignal): GenerationStream;
}
