import type { GenerationStream } from '../answer-generator';
import { streamWords } from './word-stream';

/**
 * The answer given when the knowledge base has nothing on the question. It cites
 * nothing on purpose: there is no source to point at, and guessing is worse than
 * sending the customer to a person.
 */
export function buildAbstentionText(supportContact?: string): string {
  const contact = supportContact ? `our support team at ${supportContact}` : 'our support team';
  return "I couldn't find anything about this in our help center, so I can't answer it reliably. " + `Please contact ${contact} and they'll be glad to help.`;
}

/** The abstention, streamed like any ready answer and marked as one (MessageView.abstained). */
export function streamAbstention(text: string, signal: AbortSignal): GenerationStream {
  return { ...streamWords(text, signal), abstained: () => true };
}
