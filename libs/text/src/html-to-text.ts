/** An HTML page reduced to what the knowledge base indexes. */
export interface HtmlDocument {
  /** `<title>`, else the first `<h1>`. */
  title?: string;
  /** `<link rel="canonical">`, else `og:url`. */
  url?: string;
  /** Markdown-like text: headings as `#` lines (so chunks keep their section path), paragraphs, `- ` list items. */
  text: string;
}

const DROPPED_ELEMENTS = ['script', 'style', 'noscript', 'template', 'svg', 'head', 'title', 'nav', 'iframe', 'object'];
const BLOCK_ELEMENTS =
  'p|div|section|article|main|header|footer|aside|blockquote|pre|table|thead|tbody|tr|ul|ol|dl|dt|dd|figure|figcaption|form|fieldset|details|summary|address|hr';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
  laquo: '«',
  raquo: '»',
  middot: '·',
  bull: '•',
};

/**
 * Converts an HTML page to indexable text without a DOM: scripts, styles, navigation and
 * comments are dropped, headings become markdown headings, block elements and `<br>` become
 * line breaks, list items `- ` lines, table cells are separated by ` | `; other tags are
 * removed and entities decoded. Meant for help-centre articles, not arbitrary web apps.
 */
export function htmlToText(html: string): HtmlDocument {
  let body = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<![a-z][^>]*>/gi, '');
  const title = decodeEntities(stripTags(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1] ?? '')).trim();
  const url = canonicalUrl(body);
  for (const element of DROPPED_ELEMENTS) body = body.replace(new RegExp(`<${element}\\b[\\s\\S]*?</${element}\\s*>`, 'gi'), ' ');

  let firstHeading: string | undefined;
  body = body.replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi, (_, level: string, inner: string) => {
    // Entities stay encoded until the final pass, so a decoded `<` cannot be taken for a tag.
    const text = collapse(stripTags(inner));
    if (level === '1') firstHeading ??= decodeEntities(text);
    return text ? `\n\n${'#'.repeat(Number(level))} ${text}\n\n` : '\n\n';
  });
  body = body
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/(?:td|th)\s*>/gi, ' | ')
    .replace(new RegExp(`</?(?:${BLOCK_ELEMENTS})\\b[^>]*>`, 'gi'), '\n\n')
    .replace(/<\/li\s*>/gi, '\n');
  const text = decodeEntities(stripTags(body))
    .split('\n')
    .map((line) => collapse(line).replace(/\s*\|\s*$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const resolvedTitle = title || firstHeading;
  return { ...(resolvedTitle ? { title: resolvedTitle } : {}), ...(url ? { url } : {}), text };
}

function canonicalUrl(html: string): string | undefined {
  for (const tag of html.match(/<(?:link|meta)\b[^>]*>/gi) ?? []) {
    const attributes = Object.fromEntries([...tag.matchAll(/([a-z:-]+)\s*=\s*("([^"]*)"|'([^']*)')/gi)].map((m) => [m[1].toLowerCase(), m[3] ?? m[4]]));
    const candidate = (attributes.rel?.toLowerCase() === 'canonical' && attributes.href) || (attributes.property === 'og:url' && attributes.content);
    if (candidate && /^https?:\/\//i.test(candidate)) return decodeEntities(candidate);
  }
  return undefined;
}

function stripTags(html: string): string {
  return html.replace(/<\/?[a-z][^>]*>/gi, '');
}

function collapse(text: string): string {
  return text.replace(/[ \t\f\v\u00a0]+/g, ' ').trim();
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === '#') {
      const code = name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}
