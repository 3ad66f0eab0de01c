import { NodeHtmlMarkdown } from 'node-html-markdown';
import { parse } from 'node-html-parser';

/** An HTML page reduced to what the knowledge base indexes. */
export interface HtmlDocument {
  /** `<title>`, else the first `<h1>`. */
  title?: string;
  /** `<link rel="canonical">`, else `og:url`. */
  url?: string;
  /** Markdown: headings as `#` lines (so chunks keep their section path), paragraphs, lists, tables, code blocks. */
  text: string;
}

/** Page furniture and code that is not part of an article. */
const DROPPED_ELEMENTS = ['script', 'style', 'noscript', 'template', 'svg', 'head', 'title', 'nav', 'iframe', 'object'];

/**
 * node-html-markdown (a maintained converter on a real HTML parser: entities decoded,
 * attributes parsed whatever they contain, `<pre>` kept verbatim). Links keep their text only
 * and images are dropped (their targets are no answer), emphasis is plain text (markers would
 * only end up in snippets).
 */
const converter = new NodeHtmlMarkdown(
  { ignore: DROPPED_ELEMENTS, bulletMarker: '-', maxConsecutiveNewlines: 2, useLinkReferenceDefinitions: false },
  { a: {}, img: { ignore: true }, 'strong,b': { prefix: '', postfix: '' }, 'em,i': { prefix: '', postfix: '' } },
);

/** Converts an HTML page (a help-centre article) to markdown text plus its title and canonical URL. */
export function htmlToText(html: string): HtmlDocument {
  const root = parse(html, { comment: false, blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  const title = clean(root.querySelector('title')?.text ?? '') || clean(root.querySelector('h1')?.text ?? '');
  const url = canonicalUrl(root);
  const text = converter
    .translate(html)
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .trim();
  return { ...(title ? { title } : {}), ...(url ? { url } : {}), text };
}

function canonicalUrl(root: ReturnType<typeof parse>): string | undefined {
  const candidates = [
    root.querySelector('link[rel="canonical"]')?.getAttribute('href'),
    root.querySelector('meta[property="og:url"]')?.getAttribute('content'),
  ];
  return candidates.find((c): c is string => Boolean(c && /^https?:\/\//i.test(c)));
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
