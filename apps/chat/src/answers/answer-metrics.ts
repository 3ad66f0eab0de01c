import { Counter, Histogram, register } from 'prom-client';

function once<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

/** Time from the question reaching chat to its first answer token, by generator mode. */
export const firstTokenSeconds = once(
  'eloquent_chat_first_token_seconds',
  () =>
    new Histogram({
      name: 'eloquent_chat_first_token_seconds',
      help: 'Time from the question reaching chat to the first answer token, by mode',
      labelNames: ['mode'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    }),
);

/** Answers by mode and how they ended (complete, failed, cancelled). */
export const answersTotal = once(
  'eloquent_chat_answers_total',
  () => new Counter({ name: 'eloquent_chat_answers_total', help: 'Answers by mode and outcome', labelNames: ['mode', 'outcome'] }),
);

/** LLM tokens in and out, as reported by the provider. */
export const answerTokens = once(
  'eloquent_chat_tokens_total',
  () => new Counter({ name: 'eloquent_chat_tokens_total', help: 'LLM tokens used by answers, by direction (input, output)', labelNames: ['direction'] }),
);
