import { analyze } from '@eloquent/text';
import { readsAsFollowUp } from '../generation/follow-up/follow-up';

/** The words a question starts with ("how…", "can I…"): after a plain "and" or a sentence's end, they start a second question. */
const QUESTION_WORD = '(?:how|what|whats|when|where|why|which|who|can|could|do|does|did|is|are|will|would|should|may)\\b';

/** A list item's marker at the start of a line: "- ", "* ", "• ", "1. ", "2) ". */
const LIST_MARKER = '(?:[-*•]|\\d{1,2}[.)])\\s+';

/** A sentence that starts as a question, after a list's marker if it has one. */
const STARTS_AS_QUESTION = new RegExp(`^(?:${LIST_MARKER})?${QUESTION_WORD}`, 'i');

/**
 * Where a message joins a second question to the first, as customers join them: after a
 * question mark ("…my card? And how do I…", "…my card? Also, …"), "and also", ". Also",
 * ", and", and — the `plain` joins — "and" before a question word ("…and how long does
 * delivery take") or the end of a sentence or line before one ("how do I order a new card\nwhat
 * is the limit for contactless"), a list's marker included ("- how…\n- what…", "1) how… 2)
 * what…"). A plain "and" before anything else joins words, not questions ("by card and bank
 * transfer").
 */
const JOIN = new RegExp(
  '\\?+\\s*(?:(?:and|plus)\\s+(?:also,?\\s+)?|also,?\\s+)?(?=\\S)|\\s+and\\s+also,?\\s+|[.;]\\s+(?:and\\s+)?also,?\\s+|,\\s*and\\s+' +
    `|(?<plain>(?:\\s+and\\s+|[.!]+\\s+|[^\\S\\n]*\\n\\s*(?:${LIST_MARKER})?|\\s+\\d{1,2}\\)\\s+)(?=${QUESTION_WORD}))`,
  'gi',
);

/** A part with fewer content terms than this is not a question of its own ("does it cost", "what is 2fa"). */
const MIN_PART_TERMS = 2;

/**
 * Joins, and sentence ends, tried at most: each try analyzes the text on both sides, so a pasted
 * message of a thousand one-word lines ("ok⏎ok⏎…") cost ~150 ms of CPU on the answer path when
 * every one was tried. A question is found within its last few sentences or not at all.
 */
const MAX_TRIED = 12;

/**
 * The questions a message asks: two when it joins two questions that each name their
 * subject ("how do I freeze my card and also change my PIN?" → "how do I freeze my card",
 * "change my PIN?"), otherwise the message alone. At most two: the first join that leaves
 * both sides at least {@link MIN_PART_TERMS} content terms splits it (after a plain "and",
 * only when the second does not point back: "…and does it cost" is one question). The join test is a
 * regular expression, so a message without one costs nothing more (docs/chat.md, "Two
 * questions in one message").
 */
export function questionParts(question: string): string[] {
  let tried = 0;
  for (const join of question.matchAll(JOIN)) {
    if (++tried > MAX_TRIED) break;
    const first = question.slice(0, join.index).trim();
    const second = question.slice(join.index + join[0].length).trim();
    // "…per day and does it cost": after a plain join, a question that points back goes on with the same one.
    if (join.groups?.plain && readsAsFollowUp(second)) continue;
    if (contentTerms(first) >= MIN_PART_TERMS && contentTerms(second) >= MIN_PART_TERMS) return [first, second];
  }
  return [question];
}

function contentTerms(text: string): number {
  return new Set(analyze(text)).size;
}

/**
 * The end of a sentence: a full stop or exclamation mark and a space, or a line break —
 * customers who press Enter between sentences leave the full stop out ("Good morning\nI was
 * at the supermarket…\nhow do I…").
 */
const SENTENCE_END = /[.!]+\s+(?=\S)|[^\S\n]*\n\s*(?=\S)/g;

/**
 * The question without what the customer wrote before it: "I've been with you for years and
 * I'm really frustrated. how do I ask for an overdraft?" → "how do I ask for an overdraft?".
 * Searched with the preamble, its words ("years", "frustrated") weigh as the rarest of the
 * question and it read as one the help center does not cover (docs/chat.md, "What customers
 * write before the question"). The last sentence that has at least {@link MIN_PART_TERMS}
 * content terms after an earlier one that has as many too; the message itself when there is
 * none ("Why does this happen?" after a story names nothing of its own). Whether the question
 * is answered alone is the caller's choice: the message as a whole comes first when the help
 * center covers it ("I lost my phone. how do I log in on a new one?").
 */
export function withoutPreamble(message: string): string {
  // From the last sentence end back: the first that qualifies is the answer (of the last MAX_TRIED).
  const ends = [...message.matchAll(SENTENCE_END)];
  for (let i = ends.length - 1; i >= Math.max(0, ends.length - MAX_TRIED); i--) {
    const end = ends[i];
    const after = message.slice(end.index + end[0].length).trim();
    if (contentTerms(after) < MIN_PART_TERMS || contentTerms(message.slice(0, end.index)) < MIN_PART_TERMS) continue;
    // A question before it is a first question, not a preamble ("how do I order a new card\nwhat is the limit…"): questionParts splits them.
    const start = i > 0 ? ends[i - 1].index + ends[i - 1][0].length : 0;
    const before = message.slice(start, end.index);
    if (!STARTS_AS_QUESTION.test(before.trim()) || contentTerms(before) < MIN_PART_TERMS) return after;
    return start > 0 && contentTerms(message.slice(0, ends[i - 1].index)) >= MIN_PART_TERMS ? message.slice(start).trim() : message;
  }
  return message;
}
