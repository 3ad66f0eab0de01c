/**
 * How customers end a message (`npm run eval:answers -- --sign-off`): thanks or regards and
 * their name, as in an e-mail. A probe of whether a sign-off makes a covered question look
 * uncovered, with nothing chosen by hand: the question's position picks the sign-off, in turn.
 * The list was fixed before anything was tuned against it.
 */
export const SIGN_OFFS: readonly string[] = [
  'Thanks, Maria',
  'Kind regards, Tom Baker',
  'cheers sam',
  'Thank you in advance! Priya',
  'Best, J. Okafor',
  'many thanks, Lukas',
];

/** `question` ended with the sign-off its position picks, as a sentence of its own. */
export function withSignOff(question: string, position: number): string {
  const ended = /[.?!]$/.test(question.trim()) ? question.trim() : `${question.trim()}.`;
  return `${ended} ${SIGN_OFFS[position % SIGN_OFFS.length]}`;
}
