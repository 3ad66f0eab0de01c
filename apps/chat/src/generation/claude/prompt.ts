import type Anthropic from '@anthropic-ai/sdk';
import type { ConversationTurn, GenerationInput } from '../answer-generator';

/**
 * What Claude writes, alone, when the sources do not answer the question. Detected at the
 * start of the stream and never shown: the answer becomes the abstention text, with no
 * sources (docs/chat.md, "Abstention").
 */
export const NO_ANSWER_MARKER = '[[NO_ANSWER]]';

export const SYSTEM_PROMPT = `You are the support assistant of a company's help center. Answer the customer's question using ONLY the numbered sources in the last message.
- Cite every statement with the number of the source it comes from, like [1] or [2][3], right after the statement.
- Never cite a number that is not in the sources. Never invent facts, fees, limits or steps.
- Customers use their own words ("stop banking with you" for closing an account): answer when a source answers what they mean.
- If the sources do not answer the question, reply with exactly ${NO_ANSWER_MARKER} and nothing else. Do not guess.
- Earlier messages are context only; their facts count only if a source states them.
- Be concise and friendly; use short paragraphs or numbered steps.`;

/** The user turn: the numbered sources, then the question. */
export function buildUserPrompt(input: GenerationInput): string {
  const sources = input.sources
    .map((s) => {
      const where = [s.title, ...s.headingPath.filter((h) => h !== s.title)].join(' > ');
      return `<source n="${s.n}" title="${escapeAttribute(where)}">\n${s.text}\n</source>`;
    })
    .join('\n');
  return `<sources>\n${sources}\n</sources>\n\nQuestion: ${input.question}`;
}

/** The recent conversation (already packed to its budget), then the question with its sources. */
export function buildMessages(input: GenerationInput): Anthropic.MessageParam[] {
  return [...input.history.map((turn) => ({ role: turn.role, content: turn.content })), { role: 'user', content: buildUserPrompt(input) }];
}

export const REWRITE_SYSTEM_PROMPT = `You turn a customer's follow-up question into a standalone search query for a help center.
Reply with the query only: one line, no quotes, no explanation. Keep the customer's own words where possible and add only what the conversation makes necessary (the product, feature or problem being discussed).`;

/** One user message: the conversation so far, then the question to rewrite. */
export function buildRewriteMessages(question: string, history: ConversationTurn[]): Anthropic.MessageParam[] {
  const conversation = history.map((turn) => `${turn.role === 'user' ? 'Customer' : 'Assistant'}: ${turn.content}`).join('\n');
  return [{ role: 'user', content: `<conversation>\n${conversation}\n</conversation>\n\nFollow-up question: ${question}` }];
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
