/**
 * The small Markdown subset answers use (paragraphs, `-`/`*`/`1.` lists, **bold**,
 * _italic_/*italic*, `code`) and `[n]` citation markers, parsed into plain data. The DOM
 * is built from it with text nodes only (render.ts): answers are untrusted text.
 */
export type Inline = { kind: 'text' | 'strong' | 'em' | 'code'; text: string } | { kind: 'cite'; n: number };
export type Block = { kind: 'p'; inlines: Inline[] } | { kind: 'ul' | 'ol'; items: Inline[][] };

const LIST_ITEM = /^\s*([-*]|\d+\.)\s+/;
const INLINE = /(\[\d+\])|\*\*([^*]+)\*\*|(?<!\w)_([^_\n]+)_(?!\w)|\*([^*\n]+)\*|`([^`]+)`/g;

export function parseAnswer(text: string): Block[] {
  const blocks: Block[] = [];
  for (const block of text.split(/\n{2,}/)) {
    if (!block.trim()) continue;
    const lines = block.split('\n').filter((line) => line.trim());
    if (lines.every((line) => LIST_ITEM.test(line))) {
      blocks.push({ kind: /^\s*\d+\./.test(lines[0]) ? 'ol' : 'ul', items: lines.map((line) => parseInline(line.replace(LIST_ITEM, ''))) });
    } else {
      blocks.push({ kind: 'p', inlines: parseInline(block.replace(/^#+\s*/, '')) });
    }
  }
  return blocks;
}

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const [whole, cite, bold, em1, em2, code] = match;
    const at = match.index;
    if (at > last) out.push({ kind: 'text', text: text.slice(last, at) });
    last = at + whole.length;
    if (cite) out.push({ kind: 'cite', n: Number(cite.slice(1, -1)) });
    else if (bold) out.push({ kind: 'strong', text: bold });
    else if (em1 ?? em2) out.push({ kind: 'em', text: (em1 ?? em2)! });
    else out.push({ kind: 'code', text: code! });
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/** A link target only for absolute http(s) URLs (never `javascript:`, `data:` or relative tricks). */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
