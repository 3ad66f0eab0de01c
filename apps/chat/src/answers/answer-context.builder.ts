import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@eloquent/bus';
import { APP_CONFIG } from '@eloquent/config';
import { AppError, type SearchResponse, type SmallTalkKind, Patterns } from '@eloquent/contracts';
import { rankByArticle } from '../article-ranking/article-ranking';
import type { ChatConfig } from '../config';
import { decideCoverage } from '../coverage-decision/coverage-decision';
import type { GenerationInput } from '../generation/answer-generator';
import { looksLikeFollowUp, readsAsFollowUp } from '../generation/follow-up/follow-up';
import { GENERATORS, type Generators } from '../generation/generators';
import { QueryRelevance, spellingCorrections } from '../relevance/query-relevance';
import { questionParts, withoutPreamble } from './question-parts';
import { searchableQuestion } from '../relevance/searchable-question';
import { Synonyms } from '../relevance/synonyms';
import { smallTalkOf } from '../small-talk/small-talk';
import { packContext, packingOptions } from './context-packer';
import { packHistory, type StoredTurn } from './history';
import { answeredQuestions, mergedHits, twoQuestionPacking, type SearchedQuestion } from './two-questions';

export interface ContextRequest {
  chatId: string;
  question: string;
  /**
   * The chat's messages before the question, oldest first, read by the statement that stored
   * it (conversations.service.ts): none for a new chat.
   */
  earlier: StoredTurn[];
  /** The search for the question, if it was started (`startSearch`) while the question was being stored. */
  search?: Promise<SearchResponse>;
}

/**
 * Everything the generator needs besides the question: the recent conversation (within
 * its budget), the standalone search query (follow-ups rewritten), the retrieved passages
 * packed within theirs, and the decision whether the knowledge base covers the question
 * (coverage-decision/coverage-decision.ts), made here once for every generator.
 */
@Injectable()
export class AnswerContextBuilder {
  private readonly logger = new Logger(AnswerContextBuilder.name);

  constructor(
    private readonly bus: BusClient,
    @Inject(GENERATORS) private readonly generators: Generators,
    @Inject(APP_CONFIG) private readonly config: ChatConfig,
    private readonly synonyms: Synonyms,
  ) {}

  /**
   * Starts searching for the question before it is stored: the search is on the path to the
   * first token and the insert is not, so they overlap. Not for a question in an ongoing
   * chat that reads as a follow-up: it will most likely be searched rewritten, so searching
   * it as asked would be wasted. Never rejects unhandled: the result is awaited by `build`,
   * or dropped if the question could not be stored.
   */
  startSearch(question: string, newChat: boolean): Promise<SearchResponse> | undefined {
    if ((!newChat && readsAsFollowUp(question)) || this.smallTalk(question)) return undefined;
    const searching = this.retrieve(searchableQuestion(question));
    searching.catch(() => undefined);
    return searching;
  }

  /**
   * The search for a question that stands alone runs from before it was stored
   * (`startSearch`), so it overlaps the insert (which also read the history). A follow-up is
   * searched once rewritten, which needs the history.
   */
  async build(request: ContextRequest): Promise<GenerationInput> {
    const started = performance.now();
    const history = packHistory(request.earlier, {
      maxMessages: this.config.HISTORY_MESSAGES,
      maxTokens: this.config.HISTORY_MAX_TOKENS,
      turnMaxTokens: this.config.HISTORY_TURN_MAX_TOKENS,
    });
    const smallTalk = this.smallTalk(request.question);
    if (smallTalk) return smallTalkInput(request.question, history, smallTalk);
    // Details (links, codes, a sign-off…) are left out of the search (relevance/searchable-question.ts).
    const asked = searchableQuestion(request.question);
    const searchQuery = looksLikeFollowUp(request.question, history)
      ? searchableQuestion(await this.generators.rewriter.rewrite(request.question, history))
      : asked;
    const { relevance, hits, coverage, answered } = await this.searchMessage(searchQuery, asked === searchQuery, request.search);
    const retrievalMs = performance.now() - started;
    // Clear noise is not worth packing: no generator will see it.
    const candidates = coverage.verdict === 'off-topic' ? [] : hits;
    const leading = answered.length > 0 ? answered.map((question) => question.hits[0].documentId) : undefined;
    const packing = packingOptions(this.config);
    // Each question of two gets the passage budget of a question (docs/chat.md, "Two questions in one message").
    const sources = packContext(candidates, relevance, leading ? twoQuestionPacking(packing, leading.length) : packing, leading);
    this.logger.debug(
      {
        searchQuery,
        ...(answered.length > 0 ? { questions: answered.map((question) => ({ question: question.question, article: question.coverage.documentId })) } : {}),
        candidates: hits.length,
        sources: sources.length,
        coverage: coverage.verdict,
        evidence: coverage.evidence,
        article: hits[0]?.externalId,
        ms: { retrieval: Math.round(retrievalMs) },
      },
      'context packed',
    );
    return {
      question: request.question,
      searchQuery,
      sources,
      candidates,
      history,
      relevance,
      coverage,
      ...(answered.length > 0 ? { questions: answered.map(({ question, relevance, coverage }) => ({ question, relevance, coverage })) } : {}),
    };
  }

  /**
   * Searches the message, and on their own, at the same time, the question after what the
   * customer wrote before it and each of two questions it asks (answers/question-parts.ts).
   * Not a rewritten follow-up (`asAsked` false): the words the rewrite added ("…take? dispute
   * card transaction") are its topic, not a second question. `started`: the search of the
   * message as asked, begun while it was stored.
   */
  private async searchMessage(
    searchQuery: string,
    asAsked: boolean,
    started?: Promise<SearchResponse>,
  ): Promise<Omit<SearchedQuestion, 'question'> & { answered: SearchedQuestion[] }> {
    const question = asAsked ? withoutPreamble(searchQuery) : searchQuery;
    const parts = asAsked ? questionParts(question) : [searchQuery];
    const searchesParts = parts.length > 1 || parts[0] !== searchQuery;
    const [found, ...foundForParts] = await Promise.all([
      asAsked && started ? started : this.retrieve(searchQuery),
      ...(searchesParts ? parts.map((part) => this.retrieve(part)) : []),
    ]);
    const message = this.searched(searchQuery, found);
    // A message the help center covers as a whole, what came before the question and all, is answered so ("I lost my phone.
    // how do I log in on a new one?"), unless the question after it is two: each is answered from its own article.
    const wholeFirst = question !== searchQuery && parts.length === 1 && message.coverage.verdict === 'covered';
    const answered = wholeFirst ? [] : answeredQuestions(foundForParts.map((partFound, i) => this.searched(parts[i], partFound)));
    if (answered.length === 0) return { ...message, answered };
    // Each question's article first (answers/two-questions.ts); the whole message measured over them all.
    const hits = mergedHits(answered, [message.hits, ...answered.map((q) => q.hits)]);
    return { hits, relevance: this.relevanceOf(searchQuery, hits, found), coverage: answered[0].coverage, answered };
  }

  /**
   * A question measured, ranked by article and decided as retrieval searched it: misspelt words
   * read as the terms it corrected them to; the article the answer is about first
   * (article-ranking/article-ranking.ts), where the decision and the packer read it.
   */
  private searched(question: string, found: SearchResponse): SearchedQuestion {
    const relevance = this.relevanceOf(question, found.chunks, found);
    const hits = rankByArticle(found.chunks, relevance);
    const coverage = decideCoverage({ hits, queryTerms: found.queryTerms, indexedChunks: found.indexedChunks, relevance });
    return { question, relevance, hits, coverage };
  }

  private relevanceOf(question: string, candidates: SearchResponse['chunks'], found: SearchResponse): QueryRelevance {
    return QueryRelevance.fromCandidates(question, candidates, this.synonyms.forQuestion(question), spellingCorrections(found.queryTerms));
  }

  /** What kind of small talk the message is; never any with `SMALL_TALK=off`. */
  private smallTalk(question: string): SmallTalkKind | undefined {
    return this.config.SMALL_TALK === 'on' ? smallTalkOf(question) : undefined;
  }

  private async retrieve(query: string): Promise<SearchResponse> {
    try {
      return await this.bus.request(
        Patterns.retrievalSearch,
        { query, topK: this.config.RETRIEVAL_CANDIDATES },
        { timeoutMs: this.config.RETRIEVAL_TIMEOUT_MS },
      );
    } catch (error) {
      throw new AppError('RETRIEVAL_FAILED', `The knowledge base could not be searched: ${error instanceof Error ? error.message : error}`);
    }
  }
}

/** The context of small talk: nothing searched, so nothing retrieved, packed or covered. */
function smallTalkInput(question: string, history: GenerationInput['history'], smallTalk: SmallTalkKind): GenerationInput {
  const relevance = QueryRelevance.fromCandidates(question, []);
  const coverage = decideCoverage({ hits: [], relevance });
  return { question, searchQuery: question, sources: [], candidates: [], history, relevance, coverage, smallTalk };
}
