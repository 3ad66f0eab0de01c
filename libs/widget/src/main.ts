/// <reference lib="dom" />
/**
 * widget.js: `<script src="https://chat.example.com/widget/widget.js" data-eloquent-url="https://chat.example.com" defer>`.
 * Renders the chat bubble on the page that loads it. `data-eloquent-url` is the gateway
 * (default: where the script came from), `data-eloquent-title` the panel's title, and
 * `data-eloquent-open="true"` opens the panel at once. widget.css is loaded from beside the script.
 */
import { ChatWidget } from './widget';

const script = document.currentScript as HTMLScriptElement | null;

function start(): void {
  const tag = script ?? document.querySelector<HTMLScriptElement>('script[data-eloquent-url], script[src$="/widget.js"]');
  const scriptUrl = new URL(tag?.src || location.href, location.href);
  const url = new URL(tag?.dataset.eloquentUrl || scriptUrl.origin, location.href);
  const widget = new ChatWidget({
    url: url.href.replace(/\/+$/, ''),
    stylesheetUrl: new URL('widget.css', scriptUrl).href,
    ...(tag?.dataset.eloquentTitle ? { title: tag.dataset.eloquentTitle } : {}),
    open: tag?.dataset.eloquentOpen === 'true',
  }).mount();
  (window as unknown as { eloquentWidget?: ChatWidget }).eloquentWidget = widget;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
