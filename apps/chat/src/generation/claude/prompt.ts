import type { GenerationInput } from '../answer-generator';

export const SYSTEM_PROMPT = `You are the support assistant of a company's help center. Answer the customer's question using ONLY the numbered sources provided.
- Cite every statement with the number of the source it comes from, like [1] or [2][3], right after the statement.
- Never cite a number that is not in the sources. Never invent facts, fees, limits or steps.
- If the sources do not answer the question, say that the help center does not cover it and suggest contacting support. Do not guess.
- Be concise and friendly; use short paragraphs or numbered steps.`;

/** The user turn: the numbered sources, then the question. */
export function buildUserPrompt(input: GenerationInput): string {
  const sources = input.sources.map((s) => `[${s.n}] ${s.title}${s.headingPath.length ? ` — ${s.headingPath.join(' > ')}` : ''}\n${s.text}`).join('\n\n');
  return `Sources:\n\n${sources || '(no sources found)'}\n\nQuestion: ${input.question}`;
}
