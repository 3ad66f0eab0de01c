/**
 * Questions written as an e-mail (`npm run eval:answers -- --email`): a salutation, the
 * question on its own line, a sign-off and a name on lines of their own, and often the footer
 * a phone's mail app adds ("Sent from my iPhone"). Customers paste these into the chat or send
 * them to a support address that forwards to it. A probe of whether the e-mail's lines make a
 * covered question look uncovered, with nothing chosen by hand: the question's position picks
 * the template, in turn. The list was fixed before anything was tuned against it.
 */
export const EMAIL_TEMPLATES: readonly string[] = [
  'Hello,\n\n{question}\n\nThanks,\nJohn\n\nSent from my iPhone',
  'Dear Lumen team,\n\n{question}\n\nKind regards,\nMaria Lopez',
  'Hi there,\n{question}\nBest,\nTom\nSent from my Galaxy',
  '{question}\n\nGet Outlook for Android',
  'Good morning,\n\n{question}\n\nMany thanks in advance\nPeter',
  'Hello\n{question}\nRegards\nAnna Schmidt\nSent from Mail for Windows',
];

/** `question` in the e-mail template its position picks. */
export function asCustomerEmail(question: string, position: number): string {
  return EMAIL_TEMPLATES[position % EMAIL_TEMPLATES.length].replace('{question}', question.trim());
}
