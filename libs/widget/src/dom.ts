/// <reference lib="dom" />
import type { Citation } from '@eloquent/client';
import { parseAnswer, parseInline, safeHttpUrl, type Inline } from './markdown';

/** `document.createElement` with a class and attributes; text only through `textContent`. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A link that opens a help-center article in a new tab; `href` must already be a checked http(s) URL. */
function externalLink(href: string, text: string, attributes: Record<string, string> = {}): HTMLAnchorElement {
  return el('a', { href, target: '_blank', rel: 'noopener noreferrer', ...attributes }, text);
}

/** Replaces `root`'s children with the answer text: DOM nodes and text nodes only, never HTML. */
export function renderAnswerText(root: HTMLElement, text: string, sources: Citation[]): void {
  const urls = new Map(sources.map((source) => [source.n, safeHttpUrl(source.url)]));
  const fragment = document.createDocumentFragment();
  for (const block of parseAnswer(text)) {
    if (block.kind === 'p') {
      const p = el('p');
      appendInlines(p, block.inlines, urls);
      fragment.append(p);
    } else {
      const list = el(block.kind);
      for (const item of block.items) {
        const li = el('li');
        appendInlines(li, item, urls);
        list.append(li);
      }
      fragment.append(list);
    }
  }
  root.replaceChildren(fragment);
}

function appendInlines(parent: HTMLElement, inlines: Inline[], urls: Map<number, string | undefined>): void {
  for (const inline of inlines) {
    if (inline.kind === 'text') parent.append(document.createTextNode(inline.text));
    else if (inline.kind === 'cite') {
      const url = urls.get(inline.n);
      const label = `source ${inline.n}`;
      parent.append(
        url
          ? externalLink(url, String(inline.n), { class: 'cite', 'aria-label': label })
          : el('span', { class: 'cite', 'aria-label': label }, String(inline.n)),
      );
    } else parent.append(el(inline.kind, {}, inline.text));
  }
}

/** The answer's sources: titles as links (http(s) URLs only), snippets as plain text. */
export function renderSources(sources: Citation[]): HTMLElement {
  const section = el('section', { class: 'sources', 'data-testid': 'widget-sources', 'aria-label': 'Sources' });
  section.append(el('h3', {}, 'Sources'));
  const list = el('ol');
  for (const source of sources) {
    const li = el('li', { value: String(source.n) });
    const url = safeHttpUrl(source.url);
    li.append(
      url
        ? externalLink(url, source.title, { 'data-testid': 'widget-source-link' })
        : el('span', { class: 'title', 'data-testid': 'widget-source-title' }, source.title),
    );
    const snippet = el('p', { class: 'snippet' });
    appendInlines(snippet, parseInline(source.snippet), new Map());
    li.append(snippet);
    list.append(li);
  }
  section.append(list);
  return section;
}
