import { analyze, STOPWORDS, stem, tokenize } from '@eloquent/text';
import { smallTalkOf } from '../../small-talk/small-talk';
import type { ConversationTurn } from '../answer-generator';
import type { QueryRewriter } from '../query-rewriter';

/** Words that point back at something said before ("it", "that one", "them"). */
const ANAPHORA = /\b(?:it|its|this|that|these|those|they|them|their|one|ones|same|there|else)\b/i;
/** Openings that continue the previous question ("And…", "What about…"). */
const CONTINUATION = /^(?:and|but|also|so|then|or|what about|how about|what if|and if)\b/i;
/** A question with this few content terms rarely stands on its own ("Why?", "How long?"). */
const MIN_STANDALONE_TERMS = 2;

/** Whether `question` reads as if it leans on something said before (whether or not anything was). */
export function readsAsFollowUp(question: string): boolean {
  return ANAPHORA.test(question) || CONTINUATION.test(question.trim()) || analyze(question).length < MIN_STANDALONE_TERMS;
}

/** Whether `question` likely leans on the conversation before it. */
export function looksLikeFollowUp(question: string, history: ConversationTurn[]): boolean {
  return history.length > 0 && readsAsFollowUp(question);
}

/**
 * The heuristic rewrite used when Claude is unavailable: the question plus the content
 * words of the previous question that it does not already contain. "And how do I
 * unfreeze it?" after "How do I freeze my card?" is searched as "And how do I unfreeze
 * it? freeze card" — retrieval and the relevance measure then see the topic. Small talk
 * since that question ("thanks", "ok") is passed over.
 */
export function expandFollowUp(question: string, history: ConversationTurn[]): string {
  // The last question, not a "thanks" or "ok" said since: small talk has no topic.
  const previous = [...history].reverse().find((turn) => turn.role === 'user' && !smallTalkOf(turn.content));
  if (!previous) return question;
  const own = new Set(analyze(question));
  const added = new Set<string>();
  const words: string[] = [];
  for (const word of tokenize(previous.content)) {
    if (STOPWORDS.has(word)) continue;
    const term = stem(word);
    if (own.has(term) || added.has(term)) continue;
    added.add(term);
    words.push(word);
  }
  return words.length === 0 ? question : `${question} ${words.join(' ')}`;
}

/** {@link expandFollowUp} behind the rewriter interface: used without Claude, and when Claude fails. */
export class HeuristicQueryRewriter implements QueryRewriter {
  async rewrite(question: string, history: ConversationTurn[]): Promise<string> {
    return expandFollowUp(question, history);
  }
}
