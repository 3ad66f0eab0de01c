import { counter } from '@eloquent/observability';

/** Ratings customers gave answers (chat.feedback), by rating: counted when given or changed; a withdrawal is not counted (nor subtracted). */
export const feedbackTotal = counter({ name: 'eloquent_chat_feedback_total', help: 'Ratings customers gave answers, by rating', labelNames: ['rating'] });
