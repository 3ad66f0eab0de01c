import type { Citation } from '@eloquent/contracts';
import type { ContextSource } from '../generation/answer-generator';

const SNIPPET_CHARS = 240;

/** The `chat:sources` list: exactly the cited passages, in the order they were first cited. */
export function citationsFor(cited: number[], sources: ContextSource[]): Citation[] {
  const byNumber = new Map(sources.map((s) => [s.n, s]));
  return cited.flatMap((n) => {
    const source = byNumber.get(n);
    if (!source) return [];
    return [
      {
        n,
        documentId: source.documentId,
        chunkId: source.chunkId,
        title: source.title,
        ...(source.url ? { url: source.url } : {}),
        snippet: snippet(source.text),
      },
    ];
  });
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SNIPPET_CHARS) return flat;
  const cut = flat.lastIndexOf(' ', SNIPPET_CHARS);
  return `${flat.slice(0, cut > 0 ? cut : SNIPPET_CHARS)}…`;
}
