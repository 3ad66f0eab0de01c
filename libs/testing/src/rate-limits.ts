/** Gateway settings that switch every rate-limit tier off, for tests that ask many questions from one caller. */
export const RATE_LIMITS_OFF: NodeJS.ProcessEnv = Object.fromEntries(
  ['GLOBAL', 'USER', 'ANON', 'ANON_IP', 'LLM_MESSAGES', 'LLM_TOKENS'].map((tier) => [`RATE_LIMIT_${tier}`, 'off']),
);
