import type { MessageRole, SearchHit, SuggestedArticle } from '@eloquent/contracts';
import type { QueryRelevance } from '../relevance/query-relevance';
import { articleCoverage, type CoverageDecision } from './coverage-decision';

/** At most this many articles are offered with one abstention. */
export const MAX_SUGGESTED_ARTICLES = 3;

/**
 * An article is offered only when its retrieved passages hold at least this share of the
 * question's weight. Calibrated on the tuning half of tools/eval/answers (never its test
 * half): docs/chat.md, "Suggested articles".
 */
export const SUGGESTION_FLOOR = 0.2;

/**
 * The articles an abstention offers the customer to pick from (docs/chat.md, "Suggested
 * articles"): when retrieval found something on the subject of the question but the answer
 * was not clear, the right article is often second or third rather than first, and a refusal
 * that names it is one click from the answer instead of a dead end. Help-center titles are
 * mostly the questions they answer, so the client asks an article's title to get its answer.
 *
 * None for an `off-topic` question (clear noise: nothing to offer). Otherwise the first
 * articles in the candidates' order (article-ranking.ts: the chosen article first), each only
 * if its passages hold {@link SUGGESTION_FLOOR} of the question's weight (articleCoverage).
 */
export function suggestArticles(
  decision: CoverageDecision,
  hits: readonly SearchHit[],
  relevance: QueryRelevance,
  max = MAX_SUGGESTED_ARTICLES,
  floor = SUGGESTION_FLOOR,
): SuggestedArticle[] {
  if (decision.verdict === 'off-topic') return [];
  const articles = new Map<string, SearchHit>();
  for (const hit of hits) {
    if (articles.size === max) break;
    if (!articles.has(hit.documentId)) articles.set(hit.documentId, hit);
  }
  return [...articles.values()]
    .filter((hit) => articleCoverage(hit.documentId, hits, decision.weights, relevance) >= floor)
    .map((hit) => ({ documentId: hit.documentId, title: hit.title, ...(hit.url ? { url: hit.url } : {}) }));
}

/** The message right before a question, as the statement that stored the question read it (answers/history.ts, StoredTurn). */
export interface PreviousMessage {
  role: MessageRole;
  suggestedArticles?: readonly SuggestedArticle[] | null;
}

/**
 * The suggested article a question picks (docs/chat.md, "Suggested articles", Picks): the
 * message right before it is an answer that offered articles, and the question is one of
 * their titles — the widget's buttons ask the title, and so does a customer who copies it.
 * Told apart by the text alone, so any client counts and chat:send needs no new field.
 */
export function pickedSuggestion(question: string, previous: PreviousMessage | undefined): SuggestedArticle | undefined {
  if (previous?.role !== 'assistant' || !previous.suggestedArticles?.length) return undefined;
  const asked = asTitle(question);
  return previous.suggestedArticles.find((article) => asTitle(article.title) === asked);
}

/** A question and a title compare equal regardless of case, spacing and a closing ?, . or !. */
function asTitle(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s?.!]+$/, '');
}
