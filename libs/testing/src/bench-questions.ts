/**
 * The conversations `bench:chat` (tools/bench/chat.ts) holds: each client asks one of these,
 * then the follow-up in the same chat. Shared with chat's in-process bench of its answer
 * path (apps/chat/bench/answer-path.ts), so both measure the same questions.
 */
export const BENCH_QUESTIONS: readonly string[] = [
  'How do I dispute a card transaction?',
  'How long does an international transfer take?',
  'What are the ATM withdrawal fees?',
  'How do I freeze my card?',
  'I was charged twice for the same purchase, what do I do?',
  'How do I close my account?',
  'How much does an arranged overdraft cost?',
  'How do I change my address?',
];

export const BENCH_FOLLOW_UP = 'And how long does that take?';
