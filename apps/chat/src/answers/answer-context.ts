import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@eloquent/bus';
import { APP_CONFIG } from '@eloquent/config';
import { AppError, type SearchHit } from '@eloquent/contracts';
import { DataSource, LessThan } from 'typeorm';
import type { ChatConfig } from '../config';
import { MessageEntity } from '../conversations/message.entity';
import type { ConversationTurn, GenerationInput } from '../generation/answer-generator';
import { looksLikeFollowUp } from '../generation/follow-up/follow-up';
import { GENERATORS, type Generators } from '../generation/generators';
import { QueryRelevance } from '../relevance/query-relevance';
import { packContext } from './context-packer';
import { packHistory } from './history';

export interface ContextRequest {
  chatId: string;
  question: string;
  /** When the user's message was stored: the history is everything before it. */
  askedAt: Date;
  /** The chat was created with this question, so it has no history to read. */
  newChat: boolean;
}

/**
 * Everything the generator needs besides the question: the recent conversation (within
 * its budget), the standalone search query (follow-ups rewritten), and the retrieved
 * passages that pass the relevance floor, packed within theirs.
 */
@Injectable()
export class AnswerContextBuilder {
  private readonly logger = new Logger(AnswerContextBuilder.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: BusClient,
    @Inject(GENERATORS) private readonly generators: Generators,
    @Inject(APP_CONFIG) private readonly config: ChatConfig,
  ) {}

  /**
   * History and retrieval run side by side: most questions stand alone, and for those the
   * search does not wait for the history. A follow-up is searched again once rewritten.
   */
  async build(request: ContextRequest): Promise<GenerationInput> {
    const started = performance.now();
    const searching = this.retrieve(request.question);
    searching.catch(() => undefined); // awaited below, or superseded by the rewritten search
    const history = await this.history(request);
    const historyMs = performance.now() - started;
    let searchQuery = request.question;
    let hits: SearchHit[];
    if (looksLikeFollowUp(request.question, history)) {
      searchQuery = await this.generators.rewriter.rewrite(request.question, history);
      hits = searchQuery === request.question ? await searching : await this.retrieve(searchQuery);
    } else {
      hits = await searching;
    }
    const retrievalMs = performance.now() - started;
    const relevance = QueryRelevance.fromCandidates(searchQuery, hits);
    const sources = packContext(hits, relevance, {
      maxSources: this.config.CONTEXT_MAX_SOURCES,
      maxTokens: this.config.CONTEXT_MAX_TOKENS,
      perDocument: this.config.CONTEXT_PER_DOCUMENT,
      duplicateThreshold: this.config.CONTEXT_DUPLICATE_THRESHOLD,
      relevanceFloor: this.config.RELEVANCE_FLOOR,
    });
    this.logger.debug(
      {
        searchQuery,
        candidates: hits.length,
        sources: sources.length,
        bestCoverage: Math.max(0, ...sources.map((s) => s.coverage)),
        ms: { history: Math.round(historyMs), retrieval: Math.round(retrievalMs) },
      },
      sources.length === 0 ? 'nothing relevant enough retrieved; abstaining' : 'context packed',
    );
    return { question: request.question, searchQuery, sources, history, relevance };
  }

  private async retrieve(query: string): Promise<SearchHit[]> {
    try {
      const result = await this.bus.request(
        'retrieval.search',
        { query, topK: this.config.RETRIEVAL_CANDIDATES },
        { timeoutMs: this.config.RETRIEVAL_TIMEOUT_MS },
      );
      return result.chunks;
    } catch (error) {
      throw new AppError('RETRIEVAL_FAILED', `The knowledge base could not be searched: ${error instanceof Error ? error.message : error}`);
    }
  }

  private async history(request: ContextRequest): Promise<ConversationTurn[]> {
    if (this.config.HISTORY_MESSAGES === 0 || request.newChat) return [];
    // Twice the window: failed or cancelled exchanges in it are dropped, not counted.
    const earlier = await this.dataSource.getRepository(MessageEntity).find({
      where: { chatId: request.chatId, createdAt: LessThan(request.askedAt) },
      order: { createdAt: 'DESC' },
      take: this.config.HISTORY_MESSAGES * 2,
    });
    return packHistory(earlier.reverse(), {
      maxMessages: this.config.HISTORY_MESSAGES,
      maxTokens: this.config.HISTORY_MAX_TOKENS,
      turnMaxTokens: this.config.HISTORY_TURN_MAX_TOKENS,
    });
  }
}
