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
/** A question with this many content terms names a topic of its own, even with an "it" in it. */
const TOPIC_TERMS = 3;

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
 * words of the questions before it that it does not already contain, back to the one that
 * set the topic. "And how do I unfreeze it?" after "How do I freeze my card?" is searched as
 * "And how do I unfreeze it? freeze card" — retrieval and the relevance measure then see the
 * topic. A follow-up of a follow-up keeps it: "how long does it take?" after "what about to
 * the US?" after "how much does it cost to send money abroad" is searched with "us" and "cost
 * send money abroad"; with the last question's words alone it was a question about "us" and
 * quoted the chargeback timelines. The walk back stops at the first question that does not
 * read as a follow-up or has {@link TOPIC_TERMS} content terms, and passes over small talk
 * ("thanks", "ok"), which has no topic.
 */
export function expandFollowUp(question: string, history: ConversationTurn[]): string {
  const own = new Set(analyze(question));
  const added = new Set<string>();
  const words: string[] = [];
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i];
    if (turn.role !== 'user' || smallTalkOf(turn.content)) continue;
    for (const word of tokenize(turn.content)) {
      if (STOPWORDS.has(word)) continue;
      const term = stem(word);
      if (own.has(term) || added.has(term)) continue;
      added.add(term);
      words.push(word);
    }
    // The question that set the topic, nothing before it is about this one: one that reads on its
    // own, or names a subject of its own ("how much does it cost to send money abroad" has an "it").
    if (analyze(turn.content).length >= TOPIC_TERMS || !readsAsFollowUp(turn.content)) break;
  }
  return words.length === 0 ? question : `${question} ${words.join(' ')}`;
}

/** {@link expandFollowUp} behind the rewriter interface: used without Claude, and when Claude fails. */
export class HeuristicQueryRewriter implements QueryRewriter {
  async rewrite(question: string, history: ConversationTurn[]): Promise<string> {
    return expandFollowUp(question, history);
  }
}
