/// <reference lib="dom" />
import { createClient, type Answer, type AnswerMode, type ConnectionStatus, type EloquentClient, type EloquentError } from '@eloquent/client';
import { el, renderAnswerText, renderSources } from './dom';
import { feedbackButtons } from './feedback';
import { suggestedArticleButtons } from './suggested-articles';

export interface WidgetOptions {
  /** The gateway's base URL. */
  url: string;
  /** The stylesheet (widget.css), loaded into the widget's shadow root. */
  stylesheetUrl: string;
  title?: string;
  /** Open the panel at once (otherwise only the bubble shows). */
  open?: boolean;
}

/** What the mode badge says: the product's two answer kinds, in the visitor's words. */
const MODE_LABEL: Record<AnswerMode, string> = { llm: 'AI answer', 'retrieval-only': 'Help-center extract' };

const STATUS_LABEL: Record<ConnectionStatus, string> = { idle: 'Not connected', connecting: 'Connecting…', online: 'Connected', offline: 'Reconnecting…' };

/**
 * The chat bubble and panel. Lives in a shadow root (the host page's CSS cannot reach in,
 * ours cannot leak out), styled by a stylesheet file: nothing inline, so it runs under a
 * strict Content-Security-Policy. Every text it shows goes through `textContent`.
 *
 * Accessibility: the bubble is a button with `aria-expanded`; the panel is a labelled
 * dialog; opening moves focus to the question box and Escape closes it and returns focus
 * to the bubble; the conversation is a `role="log"` and an answer is `aria-busy` while it
 * streams, so screen readers announce it once complete, not token by token. A complete answer
 * has thumbs up / down toggle buttons (feedback.ts); a thumbs-down offers a comment (comment-form.ts).
 * An abstention lists the articles it suggests as buttons that ask their titles (suggested-articles.ts).
 */
export class ChatWidget {
  readonly host: HTMLElement;
  private readonly client: EloquentClient;
  private readonly root: ShadowRoot;
  private readonly bubble: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly log: HTMLElement;
  private readonly question: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly announcer: HTMLElement;
  private chatId?: string;
  private current?: Answer;

  constructor(private readonly options: WidgetOptions) {
    this.client = createClient({ url: options.url });
    this.host = el('div', { class: 'eloquent-widget-host', 'data-testid': 'eloquent-widget' });
    this.root = this.host.attachShadow({ mode: 'open' });
    this.root.append(el('link', { rel: 'stylesheet', href: options.stylesheetUrl }));

    const title = options.title ?? 'Help';
    this.bubble = el('button', {
      type: 'button',
      class: 'bubble',
      'aria-expanded': 'false',
      'aria-controls': 'eloquent-panel',
      'data-testid': 'widget-bubble',
    });
    this.bubble.append(el('span', { class: 'bubble-icon', 'aria-hidden': 'true' }, '?'), el('span', { class: 'sr-only' }, `Open ${title} chat`));

    this.panel = el('section', { id: 'eloquent-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'eloquent-title', 'data-testid': 'widget-panel' });
    this.panel.hidden = true;
    const header = el('header');
    this.status = el('span', { class: 'status', 'data-state': 'idle', 'data-testid': 'widget-status' }, STATUS_LABEL.idle);
    const close = el('button', { type: 'button', class: 'close', 'aria-label': 'Close chat', 'data-testid': 'widget-close' }, '×');
    header.append(el('h2', { id: 'eloquent-title' }, title), this.status, close);

    this.log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', 'data-testid': 'widget-log' });
    this.log.append(el('p', { class: 'hint' }, 'Ask a question: answers come from the help center, with links to the articles.'));
    this.announcer = el('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });

    const form = el('form', { class: 'composer' });
    this.question = el('textarea', { id: 'eloquent-question', rows: '2', maxlength: '4000', placeholder: 'Ask a question…', 'data-testid': 'widget-question' });
    this.sendButton = el('button', { type: 'submit', class: 'send', 'data-testid': 'widget-send' }, 'Send');
    this.stopButton = el('button', { type: 'button', class: 'stop', 'data-testid': 'widget-stop' }, 'Stop');
    this.stopButton.hidden = true;
    form.append(el('label', { class: 'sr-only', for: 'eloquent-question' }, 'Your question'), this.question, this.sendButton, this.stopButton);
    this.panel.append(header, this.log, this.announcer, form);
    this.root.append(this.bubble, this.panel);

    this.bubble.addEventListener('click', () => (this.panel.hidden ? this.open() : this.close()));
    close.addEventListener('click', () => this.close());
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.close();
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.ask(this.question.value);
    });
    this.question.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        this.ask(this.question.value);
      }
    });
    this.stopButton.addEventListener('click', () => void this.current?.stop().catch(() => undefined));
    this.client.onStatus((status, error) => {
      this.status.dataset.state = status;
      this.status.textContent = error?.code === 'RATE_LIMITED' ? 'Busy, try again shortly' : STATUS_LABEL[status];
    });
  }

  mount(parent: HTMLElement = document.body): this {
    parent.append(this.host);
    if (this.options.open) this.open();
    return this;
  }

  open(): void {
    this.panel.hidden = false;
    this.bubble.setAttribute('aria-expanded', 'true');
    this.question.focus();
    void this.client.connect().catch(() => undefined); // the status shows the outcome
  }

  close(): void {
    this.panel.hidden = true;
    this.bubble.setAttribute('aria-expanded', 'false');
    this.bubble.focus();
  }

  /** Asks `text` in the current chat; false (nothing asked) when it is empty or an answer is still streaming. */
  ask(text: string): boolean {
    const content = text.trim();
    if (!content || this.current) return false;
    this.question.value = '';
    this.log.querySelector('.hint')?.remove();
    this.log.append(el('div', { class: 'msg user', 'data-testid': 'widget-user-message' }, content));

    const article = el('article', { class: 'msg assistant', 'aria-busy': 'true', 'data-testid': 'widget-answer' });
    const body = el('div', { class: 'text', 'data-testid': 'widget-answer-text' });
    const meta = el('div', { class: 'meta' });
    article.append(body, meta);
    this.log.append(article);
    this.scroll();

    let frame = 0;
    const paint = () => {
      frame = 0;
      renderAnswerText(body, answer.text, answer.sources);
      this.scroll();
    };
    const schedule = () => (frame ||= requestAnimationFrame(paint));
    const answer = this.client.ask(content, {
      ...(this.chatId ? { chatId: this.chatId } : {}),
      onAccepted: ({ chatId, messageId }) => {
        this.chatId = chatId;
        article.dataset.messageId = messageId;
        this.stopButton.hidden = false;
      },
      onToken: schedule,
      onSources: (sources) => {
        article.querySelector('.sources')?.remove();
        if (sources.length) article.insertBefore(renderSources(sources), meta);
        schedule();
      },
      onDone: (result) => {
        cancelAnimationFrame(frame);
        paint();
        if (result.suggestedArticles.length)
          article.insertBefore(
            suggestedArticleButtons(result.suggestedArticles, (title) => this.ask(title)),
            meta,
          );
        // A reply to small talk ("hi", "thanks") is neither kind of answer and has nothing to rate: no badge, no thumbs.
        const answered = !result.smallTalk;
        if (answered) meta.append(el('span', { class: 'mode', 'data-mode': result.mode, 'data-testid': 'widget-mode' }, MODE_LABEL[result.mode]));
        if (result.cancelled) meta.append(el('span', { class: 'note' }, 'Stopped'));
        else if (answered)
          meta.append(
            feedbackButtons(
              (rating, comment) => this.client.rate(result.messageId, rating, comment),
              (text) => (this.announcer.textContent = text),
            ),
          );
        this.finish(article, result.cancelled ? 'Answer stopped' : 'Answer complete');
      },
      onError: (error) => {
        cancelAnimationFrame(frame);
        paint();
        article.classList.add('failed');
        article.append(el('p', { class: 'error', role: 'alert', 'data-testid': 'widget-error', 'data-code': error.code }, describeError(error)));
        this.finish(article, 'The answer failed');
      },
    });
    this.current = answer;
    this.sendButton.disabled = true;
    return true;
  }

  private finish(article: HTMLElement, announcement: string): void {
    article.setAttribute('aria-busy', 'false');
    this.announcer.textContent = announcement;
    this.current = undefined;
    this.sendButton.disabled = false;
    this.stopButton.hidden = true;
    this.scroll();
  }

  private scroll(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}

/** The visitor's words for an error code. */
export function describeError(error: EloquentError): string {
  switch (error.code) {
    case 'RATE_LIMITED':
      return `You are sending questions too quickly. Try again in ${Math.max(1, Math.ceil((error.retryAfterMs ?? 1_000) / 1_000))} s.`;
    case 'PAYLOAD_TOO_LARGE':
      return 'That question is too long.';
    case 'CONNECTION_FAILED':
    case 'ACK_TIMEOUT':
      return 'The help service cannot be reached right now. Please try again.';
    default:
      return 'Something went wrong. Please try again.';
  }
}
