import { counter, histogram } from '@eloquent/observability';

const ANSWER_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 80];

/**
 * Time from the question reaching chat to its first answer token, by generator mode. The
 * time-to-first-token SLO is read from its `le="2"` bucket (docs/observability.md).
 */
export const firstTokenSeconds = histogram({
  name: 'eloquent_chat_first_token_seconds',
  help: 'Time from the question reaching chat to the first answer token, by mode',
  labelNames: ['mode'],
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
});

/** Answers by mode and how they ended (complete, failed, cancelled). */
export const answersTotal = counter({ name: 'eloquent_chat_answers_total', help: 'Answers by mode and outcome', labelNames: ['mode', 'outcome'] });

/** Time from the question reaching chat to the answer's end, by mode and outcome. */
export const answerSeconds = histogram({
  name: 'eloquent_chat_answer_duration_seconds',
  help: 'Time from the question reaching chat to the end of its answer, by mode and outcome',
  labelNames: ['mode', 'outcome'],
  buckets: ANSWER_SECONDS,
});

/** LLM tokens in and out, as reported by the provider. */
export const answerTokens = counter({
  name: 'eloquent_chat_tokens_total',
  help: 'LLM tokens used by answers, by direction (input, output)',
  labelNames: ['direction'],
});

/** Output tokens per LLM answer. */
export const answerOutputTokens = histogram({
  name: 'eloquent_chat_answer_output_tokens',
  help: 'Output tokens per LLM answer, by outcome',
  labelNames: ['outcome'],
  buckets: [16, 32, 64, 128, 256, 512, 1024, 2048, 4096],
});

/** Answers whose primary generator (Claude) failed before its first token and that were answered retrieval-only instead. */
export const generationFallbacks = counter({
  name: 'eloquent_chat_generation_fallbacks_total',
  help: 'Answers that fell back to the extractive generator because the primary failed before its first token, by error code',
  labelNames: ['code'],
});

/**
 * Answers that said the help center does not cover the question, by mode: with
 * `eloquent_chat_answers_total{outcome="complete"}` the abstention rate (docs/observability.md).
 */
export const abstentionsTotal = counter({
  name: 'eloquent_chat_abstentions_total',
  help: 'Answers that said the help center does not cover the question, by mode',
  labelNames: ['mode'],
});

/**
 * Of those, the ones that suggested articles on the subject (docs/chat.md, "Suggested
 * articles"): against `eloquent_chat_abstentions_total`, how often a refusal still points
 * somewhere.
 */
export const abstentionsWithSuggestions = counter({
  name: 'eloquent_chat_abstentions_with_suggestions_total',
  help: 'Answers that said the help center does not cover the question and suggested articles on the subject, by mode',
  labelNames: ['mode'],
});

/**
 * Abstentions whose suggestions the customer picked: the next question was one of their titles
 * (docs/chat.md, "Suggested articles", Picks), by the mode of the answer to it. Against
 * `eloquent_chat_abstentions_with_suggestions_total`, whether suggestions help. Counted once per
 * abstention.
 */
export const suggestionsPicked = counter({
  name: 'eloquent_chat_suggestions_picked_total',
  help: 'Abstentions with suggested articles whose next question asked one of their titles, by mode',
  labelNames: ['mode'],
});

/**
 * Replies to small talk (docs/chat.md, "Small talk"), by kind. They are not answers: not in
 * `eloquent_chat_answers_total` when they complete, nor in the first-token and duration
 * histograms, so the abstention rate and the latencies stay about questions. One that fails
 * is counted as a failed answer, as the customer saw an error.
 */
export const smallTalkReplies = counter({
  name: 'eloquent_chat_small_talk_replies_total',
  help: 'Replies to greetings, thanks, goodbyes, acknowledgements, asking for a person, messages with no words and saying an answer did not help, by kind',
  labelNames: ['kind'],
});
