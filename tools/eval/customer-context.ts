/**
 * A sentence customers write before their question (`npm run eval:answers -- --context`):
 * how long they have been a customer, that they are frustrated, where they were, who sent
 * them. A probe of whether such a preamble makes a covered question look uncovered, with
 * nothing chosen by hand: the question's position picks the sentence, in turn. The list was
 * fixed before anything was tuned against it.
 */
export const CUSTOMER_CONTEXT: readonly string[] = [
  "Hi, I've been with you for years and I'm really frustrated.",
  'Sorry to bother you, I tried everything I could think of.',
  'Good morning. I was at the supermarket with my kids this afternoon.',
  'I am writing because my friend told me to ask here.',
  'My card has been acting up lately and I need some help.',
  'Quick question for you guys.',
];

/** `question` after the sentence its position picks. */
export function withCustomerContext(question: string, position: number): string {
  return `${CUSTOMER_CONTEXT[position % CUSTOMER_CONTEXT.length]} ${question}`;
}

/**
 * The same, typed as customers who press Enter between sentences write it
 * (`npm run eval:answers -- --line-breaks`): each sentence on a line of its own, without its
 * full stop, and the question on the last line.
 */
export function withCustomerContextOnLines(question: string, position: number): string {
  const context = CUSTOMER_CONTEXT[position % CUSTOMER_CONTEXT.length];
  const lines = context.split(/(?<=[.!?])\s+/).map((sentence) => sentence.replace(/[.!]$/, ''));
  return [...lines, question].join('\n');
}
