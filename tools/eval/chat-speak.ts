/**
 * Chat-speak (`npm run eval:answers -- --chat-speak`): every question written with the short
 * forms customers type in a chat box ("can u tell me how 2 freeze my card", "how do i close
 * my acc"). A probe of whether they make a covered question look uncovered, with nothing
 * chosen by hand: every word of the table is replaced wherever it occurs. The table was fixed
 * before anything was tuned against it.
 */
export const CHAT_SPEAK: ReadonlyArray<readonly [word: string, short: string]> = [
  ['you', 'u'],
  ['your', 'ur'],
  ['are', 'r'],
  ['what', 'wat'],
  ['because', 'cuz'],
  ['please', 'pls'],
  ['thanks', 'thx'],
  ['account', 'acc'],
  ['information', 'info'],
  ['message', 'msg'],
  ['password', 'pw'],
  ['to', '2'],
  ['for', '4'],
];

const SHORT = new Map(CHAT_SPEAK.map(([word, short]) => [word, short]));
const WORDS = new RegExp(`\\b(?:${CHAT_SPEAK.map(([word]) => word).join('|')})\\b`, 'gi');

/** `question` with every word of the table in its short form. */
export function inChatSpeak(question: string): string {
  return question.replace(WORDS, (word) => SHORT.get(word.toLowerCase()) ?? word);
}
